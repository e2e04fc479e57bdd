package io.sluice.runtime.wire;

import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.wirefixtures.GetterOnly;
import io.sluice.wirefixtures.Point;
import io.sluice.wirefixtures.Segment;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ElementCodecTest {

    @Test
    void intsRoundTrip() {
        assertRoundTrip(0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, 42);
    }

    @Test
    void manyIntsRoundTrip() {
        Object[] ints = IntStream.range(-50_000, 50_000).boxed().toArray();
        byte[] bytes = ElementCodec.standard().encode(ints, 0, ints.length);
        assertTrue(bytes.length < 100_000 * 4 + 16, "raw ints, no per-element tag: " + bytes.length);
        assertSameValues(ints, ElementCodec.standard().decode(bytes));
    }

    @Test
    void longsRoundTrip() {
        assertRoundTrip(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40);
    }

    @Test
    void doublesRoundTripBitForBit() {
        Object[] doubles = {0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8_0000_0000_1234L), Double.MIN_VALUE,
                Double.MAX_VALUE, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -1.5};
        Object[] decoded = ElementCodec.standard().decode(ElementCodec.standard().encode(doubles, 0, doubles.length));
        assertSameValues(doubles, decoded);
        for (int i = 0; i < doubles.length; i++) {
            assertEquals(Double.doubleToRawLongBits((Double) doubles[i]), Double.doubleToRawLongBits((Double) decoded[i]));
        }
    }

    @Test
    void aBatchThatStartsAsOneNumberTypeAndChangesKeepsEveryElementsClass() {
        assertRoundTrip(1, 2, 3L);
        assertRoundTrip(1L, 2L, 3);
        assertRoundTrip(1.5, 2.5, 3);
        assertRoundTrip(1, 2.5, "three");
        Object[] longsThenInt = IntStream.range(0, 5_000).mapToObj(i -> i < 4_999 ? (Object) (long) i : (Object) i).toArray();
        assertSameValues(longsThenInt, ElementCodec.standard().decode(ElementCodec.standard().encode(longsThenInt, 0,
                longsThenInt.length)));
    }

    @Test
    void recurringKeysOfABatchAreWrittenOnceAndReferredTo() {
        Object[] keyed = IntStream.range(0, 20_000).mapToObj(i -> KV.of("key" + (i % 1_000), i)).toArray();
        byte[] bytes = ElementCodec.standard().encode(keyed, 0, keyed.length);
        // an element is a KV tag, its key and a tagged int (5 bytes); a key in full takes 8 bytes, referred to 3
        assertTrue(bytes.length < 20_000 * 10, "recurring keys are referred to: " + bytes.length + " bytes");
        assertSameValues(keyed, ElementCodec.standard().decode(bytes));
    }

    @Test
    void stringsRoundTrip() {
        assertRoundTrip("", "a", "héllo wörld", "日本語", "emoji \uD83D\uDE00 and 𝄞", "", "x".repeat(300));
    }

    @Test
    void emptyRangeRoundTrips() {
        assertArrayEquals(new Object[0], ElementCodec.standard().decode(ElementCodec.standard().encode(new Object[0], 0, 0)));
        assertArrayEquals(new Object[0], ElementCodec.standard().decode(ElementCodec.standard().encode(new Object[] {1, 2}, 1, 1)));
    }

    @Test
    void subRangeEncodesOnlyThatRange() {
        Object[] elements = {1, 2, 3, 4, 5};
        assertSameValues(new Object[] {2, 3, 4}, ElementCodec.standard().decode(ElementCodec.standard().encode(elements, 1, 4)));
        Object[] mixed = {"skip", 7L, "x", 8, null};
        assertSameValues(new Object[] {7L, "x", 8}, ElementCodec.standard().decode(ElementCodec.standard().encode(mixed, 1, 4)));
    }

    @Test
    void outOfBoundsRangeIsRejected() {
        assertThrows(IndexOutOfBoundsException.class, () -> ElementCodec.standard().encode(new Object[2], 1, 3));
    }

    @Test
    void everyTaggedTypeRoundTripsWithItsClass() {
        assertRoundTrip(1, 2L, 3.5, 4.5f, (short) -5, (byte) -6, true, false, 'z', '\uD83D', "str",
                MemberId.of(0), MemberId.of(1_000_000), KV.of("k", 1), Integer.MIN_VALUE, Long.MAX_VALUE, Float.NaN,
                Short.MAX_VALUE, Byte.MIN_VALUE, Character.MAX_VALUE);
    }

    @Test
    void byteArraysRoundTrip() {
        Object[] elements = {new byte[] {1, -2, 3}, new byte[0], 5};
        Object[] decoded = ElementCodec.standard().decode(ElementCodec.standard().encode(elements, 0, elements.length));
        assertEquals(3, decoded.length);
        assertArrayEquals((byte[]) elements[0], (byte[]) decoded[0]);
        assertArrayEquals((byte[]) elements[1], (byte[]) decoded[1]);
        assertEquals(5, decoded[2]);
    }

    @Test
    void nestedKvsKeepTheirPartsClasses() {
        assertRoundTrip(
                KV.of(MemberId.of(3), KV.of("a", 1L)),
                KV.of(MemberId.of(0), KV.of("", Long.MIN_VALUE)),
                KV.of(1L, KV.of(2, KV.of('c', 4.0f))));
    }

    @Test
    void uniformBatchOfKvsRoundTrips() {
        Object[] kvs = IntStream.range(0, 1000).mapToObj(i -> KV.of(MemberId.of(i % 5), (long) i)).toArray();
        assertSameValues(kvs, ElementCodec.standard().decode(ElementCodec.standard().encode(kvs, 0, kvs.length)));
    }

    @Test
    void recordsRoundTripComponentByComponent() {
        Point p = new Point(-3, "pé", List.of(1, 2, 3));
        Point q = new Point(4, "", List.of());
        assertRoundTrip(p, q, p);
    }

    @Test
    void recordsNestedInKvAndRecordsRoundTrip() {
        Point p = new Point(1, "a", List.of(7));
        Segment s = new Segment(p, new Point(2, "b", List.of(8, 9)), Map.of("w", 5L, "v", Long.MAX_VALUE));
        assertRoundTrip(KV.of(MemberId.of(2), p), KV.of("seg", s), KV.of(s, p));
    }

    @Test
    void batchMixingRecordClassesRoundTrips() {
        Point p = new Point(1, "a", List.of(7));
        Segment s = new Segment(p, p, Map.of());
        assertRoundTrip(p, s, p, 5, s, "text", new Point(9, "z", List.of(-1)), s);
    }

    @Test
    void nullElementsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ElementCodec.standard().encode(new Object[] {1, null, 3}, 0, 3));
        assertTrue(e.getMessage().contains("null at index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ElementCodec.standard().encode(new Object[] {null}, 0, 1));
    }

    @Test
    void unwritableObjectNamesItsClass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ElementCodec.standard().encode(new Object[] {new Object()}, 0, 1));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertTrue(e.getMessage().contains("record"), e.getMessage());
    }

    @Test
    void unreadableAllowListedBeanNamesItsClass() {
        ElementCodec codec = ElementCodec.allowing(List.of(GetterOnly.class.getName()));
        byte[] bytes = codec.encode(new Object[] {new GetterOnly()}, 0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(bytes));
        assertTrue(e.getMessage().contains(GetterOnly.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("no-arg or canonical constructor"), e.getMessage());
        assertTrue(e.getCause() instanceof com.fasterxml.jackson.core.JacksonException, String.valueOf(e.getCause()));
    }

    @Test
    void malformedInputIsRejected() {
        assertDecodeFails(new byte[0], "truncated");
        assertDecodeFails(new byte[] {9, 0, 5}, "version");
        assertDecodeFails(new byte[] {2, 0, 99}, "shape");
        assertDecodeFails(new byte[] {2, 1, 5, 99}, "tag");
        assertDecodeFails(new byte[] {2, 2, 1, 0, 0, 0, 1}, "truncated");
        assertDecodeFails(new byte[] {2, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 1}, "malformed");
        assertDecodeFails(new byte[] {2, 0, 1, 0}, "unexpected bytes");
        assertDecodeFails(new byte[] {2, 1, 5, 14, 3}, "class index 3");
        byte[] unknownClass = ElementCodec.standard().encode(new Object[] {new Point(1, "a", List.of())}, 0, 1);
        int at = indexOf(unknownClass, "Point".getBytes());
        unknownClass[at] = 'Q';
        assertDecodeFails(unknownClass, "unknown element class");
    }

    @Test
    void everyTruncationIsRejected() {
        Object[] elements = {1, 2L, "three", KV.of(MemberId.of(4), new Point(5, "six", List.of(7))), 8.0, new byte[] {9}};
        byte[] bytes = ElementCodec.standard().encode(elements, 0, elements.length);
        for (int length = 0; length < bytes.length; length++) {
            byte[] prefix = Arrays.copyOf(bytes, length);
            assertThrows(IllegalArgumentException.class, () -> ElementCodec.standard().decode(prefix), "prefix of " + length);
        }
        Object[] strings = {"abc", "de"};
        byte[] stringBytes = ElementCodec.standard().encode(strings, 0, strings.length);
        for (int length = 0; length < stringBytes.length; length++) {
            byte[] prefix = Arrays.copyOf(stringBytes, length);
            assertThrows(IllegalArgumentException.class, () -> ElementCodec.standard().decode(prefix), "prefix of " + length);
        }
    }

    @Test
    void randomGarbageDecodesOrFailsWithIllegalArgument() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[1 + random.nextInt(40)];
            random.nextBytes(garbage);
            garbage[0] = 2;
            if (garbage.length > 2) {
                garbage[2] = (byte) (1 + random.nextInt(5));
            }
            try {
                ElementCodec.standard().decode(garbage);
            } catch (IllegalArgumentException expected) {
                // the only acceptable failure
            } catch (RuntimeException e) {
                fail("decode of " + Arrays.toString(garbage) + " threw " + e, e);
            }
        }
    }

    private static void assertRoundTrip(Object... elements) {
        assertSameValues(elements, ElementCodec.standard().decode(ElementCodec.standard().encode(elements, 0, elements.length)));
    }

    /** Equal values of the same classes, element by element, and inside KVs. */
    private static void assertSameValues(Object[] expected, Object[] actual) {
        assertEquals(Arrays.asList(expected), Arrays.asList(actual));
        for (int i = 0; i < expected.length; i++) {
            assertSameClasses(expected[i], actual[i]);
        }
    }

    private static void assertSameClasses(Object expected, Object actual) {
        assertEquals(expected.getClass(), actual.getClass(), "class of " + expected);
        if (expected instanceof KV<?, ?> e && actual instanceof KV<?, ?> a) {
            assertSameClasses(e.key(), a.key());
            assertSameClasses(e.value(), a.value());
        }
    }

    private static void assertDecodeFails(byte[] bytes, String messagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ElementCodec.standard().decode(bytes));
        assertTrue(e.getMessage().contains(messagePart), "expected '" + messagePart + "' in: " + e.getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
