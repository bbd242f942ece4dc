package dev.future.internal.util;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses sizes such as {@code "512"}, {@code "64k"}, {@code "64kb"}, {@code "1.5KB"}, {@code "2MB"},
 * {@code "1g"}: binary units (1 kb = 1024 bytes), case-insensitive, spaces allowed before the unit.
 */
public final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*([a-z]*)");

    private Sizes() {}

    /**
     * The size in bytes.
     *
     * @param field the name of the setting, for the error message
     * @throws IllegalArgumentException naming the field and the value when the text is not a size,
     *     has an unknown unit, or rounds down to 0 bytes
     */
    public static long parse(String field, String text) {
        if (text == null) {
            throw new NullPointerException(field);
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException(field + " must be a size such as 512, 64kb, 1mb or 1.5KB: "
                    + field + "=" + quote(text));
        }
        long unit = switch (m.group(2)) {
            case "", "b", "byte", "bytes" -> 1L;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            default -> throw new IllegalArgumentException(field + " has an unknown unit " + quote(m.group(2))
                    + " (use b, kb, mb or gb, binary units): " + field + "=" + quote(text));
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(field + " is too large: " + field + "=" + quote(text));
        }
        long floored = bytes.longValue();
        if (floored <= 0) {
            throw new IllegalArgumentException(field + " resolves to 0 bytes; it must be at least 1 byte: "
                    + field + "=" + quote(text));
        }
        return floored;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
