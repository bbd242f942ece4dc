package dev.future.internal.box;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

/** {@link ReaderCodecs} over Jackson 3, as the runtime backs it; custom codecs: "upper" only. */
final class TestCodecs implements ReaderCodecs {

    static final TestCodecs INSTANCE = new TestCodecs();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final CBORMapper CBOR = CBORMapper.builder().build();

    @Override
    public Object json(byte[] bytes) {
        return JSON.readValue(bytes, Object.class);
    }

    @Override
    public <T> T json(byte[] bytes, Class<T> type) {
        return JSON.readValue(bytes, type);
    }

    @Override
    public Object cbor(byte[] bytes) {
        return CBOR.readValue(bytes, Object.class);
    }

    @Override
    public <T> T cbor(byte[] bytes, Class<T> type) {
        return CBOR.readValue(bytes, type);
    }

    @Override
    public <T> T custom(String codecName, byte[] bytes, Class<T> type) {
        if (!codecName.equals("upper")) {
            throw new IllegalArgumentException("no codec registered as \"" + codecName + "\"");
        }
        return type.cast(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).toUpperCase(java.util.Locale.ROOT));
    }
}
