package dev.future;

/** OTP restart types: which ends of an actor its group restarts. An intentional stop never restarts. */
public enum Restart {
    /** Restarted after any crash (the default). */
    PERMANENT,
    /** Restarted after an abnormal end only. */
    TRANSIENT,
    /** Never restarted. */
    TEMPORARY
}
