package dev.future.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.future.Codec;
import dev.future.FmtType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;

class FmtImplTest {

    record Point(int x, int y) {}

    record Event(String name, Instant at, LocalDate day, List<Point> points, Map<String, Integer> counts,
            Optional<String> note) {}

    record Times(Duration duration, LocalDateTime local, OffsetDateTime offset, ZonedDateTime zoned) {}

    static final Event EVENT = new Event("launch", Instant.parse("2024-05-06T07:08:09.123456789Z"),
            LocalDate.of(2024, 2, 29), List.of(new Point(1, 2), new Point(-3, 4)), Map.of("a", 1, "b", 2),
            Optional.of("first"));

    static final Times TIMES = new Times(Duration.ofMillis(1500), LocalDateTime.of(2024, 1, 2, 3, 4, 5),
            OffsetDateTime.parse("2024-01-02T03:04:05+05:30"),
            ZonedDateTime.parse("2024-07-01T12:00:00+02:00[Europe/Paris]"));

    /** A custom codec: "x,y" text for points. */
    static final Codec POINT_CSV = new Codec() {
        @Override
        public byte[] encode(Object value) {
            Point p = (Point) value;
            return (p.x() + "," + p.y()).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Object decode(byte[] bytes) {
            String[] parts = new String(bytes, StandardCharsets.UTF_8).split(",");
            return new Point(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }
    };

    final FmtImpl fmt = new FmtImpl(Map.of("point-csv", POINT_CSV), FmtType.JSON);
    final FmtImpl cborDefault = new FmtImpl(Map.of(), FmtType.CBOR);

    @Nested
    class RoundTrips {

        @ParameterizedTest
        @EnumSource(value = FmtType.class, names = {"JSON", "CBOR"})
        void shouldRoundTripRecordsWithTimeValuesThroughTheStructuredCodecs(FmtType type) {
            Codec codec = fmt.codecFor(type);

            assertThat(codec.decode(codec.encode(EVENT), Event.class)).isEqualTo(EVENT);
            assertThat(codec.decode(codec.encode(TIMES), Times.class)).isEqualTo(TIMES);
        }

        @ParameterizedTest
        @EnumSource(value = FmtType.class, names = {"JSON", "CBOR"})
        void shouldDecodeStructuredValuesIntoPlainTrees(FmtType type) {
            Codec codec = fmt.codecFor(type);
            Map<String, Object> tree = Map.of("name", "x", "list", List.of(1, 2.5, true, "s"), "nested", Map.of("k", 7));

            assertThat(codec.decode(codec.encode(tree))).isEqualTo(tree);
            assertThat(codec.decode(codec.encode(List.of(1, 2, 3)))).isEqualTo(List.of(1, 2, 3));
            assertThat(codec.decode(codec.encode(Instant.EPOCH))).isEqualTo("1970-01-01T00:00:00Z");
        }

        @Test
        void shouldWriteTimeValuesAsIsoStringsInJson() {
            String json = new String(fmt.json().encode(EVENT), StandardCharsets.UTF_8);

            assertThat(json).contains("\"at\":\"2024-05-06T07:08:09.123456789Z\"", "\"day\":\"2024-02-29\"");
        }

        @Test
        void shouldRoundTripTextThroughTheStringCodec() {
            String text = "héllo wörld ✓ 𝄞";

            assertThat(fmt.string().decode(fmt.string().encode(text))).isEqualTo(text);
            assertThat(fmt.string().decode("42".getBytes(StandardCharsets.UTF_8), Integer.class)).isEqualTo(42);
            assertThat(fmt.string().decode("x".getBytes(StandardCharsets.UTF_8), CharSequence.class)).isEqualTo("x");
        }

        @Test
        void shouldPassBytesThroughTheBinaryCodec() {
            byte[] bytes = {0, 1, (byte) 0xff};
            Codec binary = fmt.codecFor(FmtType.BINARY);

            assertThat(binary.encode(bytes)).isSameAs(bytes);
            assertThat(binary.decode(bytes)).isSameAs(bytes);
            assertThat(binary.decode(bytes, byte[].class)).isSameAs(bytes);
            assertThat(binary.encode(ByteBuffer.wrap(bytes, 1, 2))).containsExactly(1, 0xff);
            assertThatThrownBy(() -> binary.encode("text"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.String");
        }

        @Test
        void shouldRoundTripThroughARegisteredCustomCodec() {
            Codec codec = fmt.codec("point-csv");

            assertThat(codec.encode(new Point(3, -4))).asString(StandardCharsets.UTF_8).isEqualTo("3,-4");
            assertThat(codec.decode(codec.encode(new Point(3, -4)), Point.class)).isEqualTo(new Point(3, -4));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "plain", "héllo wörld", "✓ 𝄞 emoji 😀", "null", "42", "{\"a\":1}", "line\nbreak\ttab",
                "\u0000nul", "ab"})
        void shouldRoundTripTrickyTextThroughTheStringCodecAndAutoDetection(String text) {
            assertThat(fmt.string().decode(fmt.string().encode(text))).isEqualTo(text);
            assertThat(fmt.json().decode(fmt.json().encode(text))).isEqualTo(text);
            assertThat(fmt.cbor().decode(fmt.cbor().encode(text))).isEqualTo(text);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 1, -1, 23, 24, 255, 65_536, Integer.MIN_VALUE, Integer.MAX_VALUE})
        void shouldRoundTripBoundaryIntegersThroughJsonAndCbor(int n) {
            Point point = new Point(n, -n);

            assertThat(fmt.json().decode(fmt.json().encode(point), Point.class)).isEqualTo(point);
            assertThat(fmt.cbor().decode(fmt.cbor().encode(point), Point.class)).isEqualTo(point);
            assertThat(fmt.cbor().decode(fmt.cbor().encode(Map.of("n", n)))).isEqualTo(Map.of("n", n));
        }
    }

    @Nested
    class AutoDetection {

        @Test
        void shouldPassBytesThroughAndWriteStringsAsUtf8() {
            byte[] bytes = {1, 2, 3};

            assertThat(fmt.encode(bytes)).isSameAs(bytes);
            assertThat(fmt.encode("héllo")).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void shouldWriteOtherValuesAsJsonByDefault() {
            assertThat(fmt.encode(new Point(1, 2))).asString(StandardCharsets.UTF_8).isEqualTo("{\"x\":1,\"y\":2}");
            assertThat(fmt.encode(null)).asString(StandardCharsets.UTF_8).isEqualTo("null");
        }

        @Test
        void shouldWriteOtherValuesAsSelfDescribedCborWhenTheDefaultIsCbor() {
            byte[] encoded = cborDefault.encode(new Point(1, 2));

            assertThat(HexFormat.of().formatHex(encoded)).startsWith("d9d9f7");
            assertThat(cborDefault.decode(encoded)).isEqualTo(Map.of("x", 1, "y", 2));
            assertThat(cborDefault.cbor().decode(encoded, Point.class)).isEqualTo(new Point(1, 2));
        }

        @Test
        void shouldDecodeJsonIntoTreesAndEverythingElseIntoText() {
            assertThat(fmt.decode(fmt.encode(Map.of("a", List.of(1, 2))))).isEqualTo(Map.of("a", List.of(1, 2)));
            assertThat(fmt.decode(bytes("42"))).isEqualTo(42);
            assertThat(fmt.decode(bytes(" true "))).isEqualTo(true);
            assertThat(fmt.decode(bytes("\"quoted\""))).isEqualTo("quoted");
            assertThat(fmt.decode(bytes("hello"))).isEqualTo("hello");
            assertThat(fmt.decode(bytes("true story"))).isEqualTo("true story");
            assertThat(fmt.decode(bytes("[draft"))).isEqualTo("[draft");
            assertThat(fmt.decode(new byte[0])).isEqualTo("");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ab", "1", "cabc", "hello", "x"})
        void shouldNotMistakeShortTextForCborUnderACborDefault(String text) {
            // "ab" is also the valid CBOR text string "b"; only tagged CBOR is decoded as CBOR.
            Object decoded = cborDefault.decode(cborDefault.encode(text));

            assertThat(decoded).isEqualTo(text.equals("1") ? 1 : text);
        }

        @Test
        void shouldDecodeSelfDescribedCborUnderAJsonDefaultToo() {
            assertThat(fmt.decode(fmt.cbor().encode(List.of("a", 1)))).isEqualTo(List.of("a", 1));
        }

        @Test
        void shouldAllocateZeroedBuffersAndRefuseNegativeSizes() {
            assertThat(fmt.alloc(16)).hasSize(16).containsOnly(0);
            assertThat(fmt.alloc(0)).isEmpty();
            assertThatThrownBy(() -> fmt.alloc(-5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size=-5");
        }
    }

    @Nested
    class CodecLookup {

        @Test
        void shouldNameTheUnknownCodecAndListTheRegisteredOnes() {
            FmtImpl two = new FmtImpl(Map.of("zeta", POINT_CSV, "alpha", POINT_CSV), FmtType.JSON);

            assertThatThrownBy(() -> two.codec("msgpack"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"msgpack\"")
                    .hasMessageContaining("[alpha, zeta]");
            assertThatThrownBy(() -> cborDefault.codec("x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none");
        }

        @Test
        void shouldGiveTheBuiltInCodecForEveryFormat() {
            assertThat(fmt.codecFor(FmtType.JSON)).isSameAs(fmt.json());
            assertThat(fmt.codecFor(FmtType.CBOR)).isSameAs(fmt.cbor());
            assertThat(fmt.codecFor(FmtType.STRING)).isSameAs(fmt.string());
            assertThat(fmt.codecFor(FmtType.BINARY)).isSameAs(fmt.binary());
        }
    }

    @Nested
    class GarbageInput {

        @Test
        void shouldNameJsonAndTheByteOffsetOfTheError() {
            assertThatThrownBy(() -> fmt.json().decode(bytes("{\"a\": 1,, }")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("JSON")
                    .hasMessageContaining("byte offset 8")
                    .hasCauseInstanceOf(JacksonException.class);
            assertThatThrownBy(() -> fmt.json().decode(bytes("{\"a\":")))
                    .hasMessageContaining("JSON").hasMessageContaining("byte offset 5");
            assertThatThrownBy(() -> fmt.json().decode(bytes("[1] 2")))
                    .hasMessageContaining("JSON").hasMessageContaining("byte offset 4");
        }

        @Test
        void shouldNameTheTargetTypeWhenJsonDoesNotFitIt() {
            assertThatThrownBy(() -> fmt.json().decode(bytes("{\"x\":\"not a number\"}"), Point.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("JSON")
                    .hasMessageContaining(Point.class.getName())
                    .hasMessageContaining("byte offset");
        }

        @Test
        void shouldNameCborAndTheByteOffsetOfTheError() {
            assertThatThrownBy(() -> fmt.cbor().decode(new byte[] {(byte) 0xbf, 0x61}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CBOR")
                    .hasMessageContaining("byte offset 2")
                    .hasCauseInstanceOf(JacksonException.class);
            assertThatThrownBy(() -> fmt.cbor().decode(new byte[] {0x1c}))
                    .hasMessageContaining("CBOR").hasMessageContaining("byte offset 1");
        }

        @Test
        void shouldReportTruncatedSelfDescribedCborAsCborInAutoDetection() {
            byte[] truncated = {(byte) 0xd9, (byte) 0xd9, (byte) 0xf7, (byte) 0xbf, 0x61};

            assertThatThrownBy(() -> fmt.decode(truncated))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CBOR");
        }

        @Test
        void shouldNameUtf8AndTheOffsetOfTheFirstMalformedByte() {
            byte[] bad = {'o', 'k', (byte) 0xc3, 0x28, 'x'};

            assertThatThrownBy(() -> fmt.string().decode(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("UTF-8")
                    .hasMessageContaining("byte offset 2");
            assertThatThrownBy(() -> fmt.decode(bad)).hasMessageContaining("UTF-8").hasMessageContaining("byte offset 2");
            assertThatThrownBy(() -> fmt.string().decode(new byte[] {'a', (byte) 0xe2, (byte) 0x82}))
                    .hasMessageContaining("UTF-8").hasMessageContaining("byte offset 1");
        }

        @Test
        void shouldNameTheFormatAndTypeWhenEncodingFails() {
            Object selfReferencing = new Object() {
                @SuppressWarnings("unused")
                public Object getSelf() {
                    return this;
                }
            };

            assertThatThrownBy(() -> fmt.json().encode(selfReferencing))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("as JSON")
                    .hasCauseInstanceOf(JacksonException.class);
        }
    }

    @Nested
    class Conversion {

        @Test
        void shouldConvertMapsToRecordsAndNameBothTypesOnFailure() {
            assertThat(Codecs.convert(Map.of("x", 1, "y", 2), Point.class)).isEqualTo(new Point(1, 2));
            assertThatThrownBy(() -> Codecs.convert(Map.of("x", "nope"), Point.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("java.util")
                    .hasMessageContaining(Point.class.getName());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
