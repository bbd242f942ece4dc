package dev.future;

/** How a group reacts when one of its members crashes. */
public enum Strategy {
    /** Only the crashed member restarts. */
    ONE_FOR_ONE,
    /** Every member is stopped, then all restart in start order. */
    ONE_FOR_ALL,
    /** The crashed member and every member started after it are stopped, then restart in start order. */
    REST_FOR_ONE
}
