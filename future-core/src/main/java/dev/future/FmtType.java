package dev.future;

/** The format of a tier-2 payload. */
public enum FmtType {
    JSON,
    STRING,
    BINARY,
    CBOR
}
