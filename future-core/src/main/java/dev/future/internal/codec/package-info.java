/**
 * Codecs: the shared Jackson mappers (JSON and CBOR), the built-in {@link dev.future.Codec}s and
 * {@link dev.future.internal.codec.FmtImpl}, the one {@link dev.future.Fmt}.
 *
 * <h2>Design notes</h2>
 * <ul>
 *   <li>Errors are reported, never guessed around: a decoder that fails throws
 *       {@link java.lang.IllegalArgumentException} naming the format ({@code JSON}, {@code CBOR},
 *       {@code UTF-8}), the byte offset where it is known, and carrying the library's exception as the
 *       cause. UTF-8 is decoded strictly (malformed input is an error, not U+FFFD).</li>
 *   <li>CBOR carries the self-describe tag 55799, so auto-detection ({@code Fmt.decode}) is exact:
 *       tagged bytes are CBOR, text that parses as JSON is JSON, the rest is text.</li>
 *   <li>{@code java.time} values round-trip to equal values (offsets and zone ids are kept).</li>
 * </ul>
 * Every class here is immutable and thread-safe.
 */
package dev.future.internal.codec;
