package dev.future;

/**
 * A reference to a tier-2 box: its index and the epoch of the write it names. A handle grants
 * nothing by itself: stale, forged or unauthorized handles are refused.
 */
public record Handle(int box, long epoch) {}
