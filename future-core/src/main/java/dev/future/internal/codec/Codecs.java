package dev.future.internal.codec;

import tools.jackson.databind.json.JsonMapper;

/** The library's shared Jackson mappers and the conversions built on them. */
public final class Codecs {

    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();

    private Codecs() {}

    /** The shared JSON mapper (thread-safe, immutable). */
    public static JsonMapper json() {
        return JSON;
    }

    /**
     * {@code data} as a {@code type}: as it is when it already is one, else converted through the
     * JSON mapper (a Map to a record, say).
     *
     * @throws IllegalArgumentException naming both types when the conversion fails
     */
    public static <T> T convert(Object data, Class<T> type) {
        if (data == null || type.isInstance(data)) {
            return type.cast(data);
        }
        try {
            return JSON.convertValue(data, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot convert message data of type " + data.getClass().getName()
                    + " to " + type.getName() + ": " + e.getMessage(), e);
        }
    }
}
