package io.sluice.runtime.wire;

import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.wirefixtures.Box;
import io.sluice.wirefixtures.Color;
import io.sluice.wirefixtures.Event;
import io.sluice.wirefixtures.Point;
import io.sluice.wirefixtures.Primitives;
import io.sluice.wirefixtures.Segment;
import io.sluice.wirefixtures.Tagged;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records, enums and collections through the element codec: values, and their exact classes. */
class RecordCodecTest {

    private static final ElementCodec CODEC = ElementCodec.standard();

    private static Object roundTrip(Object element) {
        Object[] decoded = CODEC.decode(CODEC.encode(new Object[] {element}, 0, 1));
        assertEquals(1, decoded.length);
        return decoded[0];
    }

    @Test
    void aRecordOfObjectHoldingALongArrivesHoldingALong() {
        for (Object v : List.of(5L, 5, (short) 5, 5.0f, 'c', new BigDecimal("5.00"), MemberId.of(5), Color.GREEN)) {
            Box back = (Box) roundTrip(new Box(v));
            assertEquals(v, back.v());
            assertSame(v.getClass(), back.v().getClass(), "class of " + v);
        }
    }

    @Test
    void nullComponentsArriveNull() {
        assertEquals(new Box(null), roundTrip(new Box(null)));
        assertEquals(new Point(1, null, null), roundTrip(new Point(1, null, null)));
        ArrayList<Object> withNulls = new ArrayList<>(Arrays.asList(1, null, "x"));
        assertEquals(new Box(withNulls), roundTrip(new Box(withNulls)));
    }

    @Test
    void everyPrimitiveComponentRoundTripsBitForBit() {
        Primitives p = new Primitives(true, Byte.MIN_VALUE, Short.MIN_VALUE, '\uFFFF', Integer.MIN_VALUE, Long.MAX_VALUE,
                Float.intBitsToFloat(0x7fc0_1234), Double.longBitsToDouble(0x7ff8_0000_0000_1234L));
        Primitives back = (Primitives) roundTrip(p);
        assertEquals(p.z(), back.z());
        assertEquals(p.b(), back.b());
        assertEquals(p.s(), back.s());
        assertEquals(p.c(), back.c());
        assertEquals(p.i(), back.i());
        assertEquals(p.l(), back.l());
        assertEquals(Float.floatToRawIntBits(p.f()), Float.floatToRawIntBits(back.f()));
        assertEquals(Double.doubleToRawLongBits(p.d()), Double.doubleToRawLongBits(back.d()));
        assertEquals(new Primitives(false, (byte) 0, (short) 0, 'a', 0, 0, 0f, -0.0),
                roundTrip(new Primitives(false, (byte) 0, (short) 0, 'a', 0, 0, 0f, -0.0)));
    }

    @Test
    void nestedRecordsInKvsAndCollectionsRoundTrip() {
        Point p = new Point(1, "a", new ArrayList<>(List.of(7)));
        Segment s = new Segment(p, new Point(2, "b", List.of(8, 9)), new TreeMap<>(Map.of("w", 5L, "v", 6L)));
        Object[] elements = {s, KV.of(MemberId.of(1), s), new Box(new Box(new Box(p))), new Box(List.of(p, p, s)),
                new Event(3, "k3", 3.0), p};
        Object[] decoded = CODEC.decode(CODEC.encode(elements, 0, elements.length));
        assertEquals(Arrays.asList(elements), Arrays.asList(decoded));
        assertSame(TreeMap.class, ((Segment) decoded[0]).weights().getClass());
        assertSame(ArrayList.class, ((Segment) decoded[0]).from().tags().getClass());
    }

    @Test
    void aBatchOfOneRecordClassNamesItOnce() {
        Object[] events = new Object[100];
        for (int i = 0; i < events.length; i++) {
            events[i] = new Event(i, "k" + (i % 10), i);
        }
        byte[] bytes = CODEC.encode(events, 0, events.length);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(text.indexOf(Event.class.getName()), text.lastIndexOf(Event.class.getName()));
        assertTrue(bytes.length < 100 * 26 + 60, "a handful of raw writes per record: " + bytes.length);
        assertEquals(Arrays.asList(events), Arrays.asList(CODEC.decode(bytes)));
    }

    @Test
    void enumsRoundTripAsTheirConstants() {
        assertSame(Color.RED, roundTrip(Color.RED));
        assertSame(Color.BLUE, roundTrip(Color.BLUE));
        assertSame(Color.RED, ((Box) roundTrip(new Box(Color.RED))).v());
    }

    @Test
    void collectionsKeepTheirClass() {
        List<Object> values = List.of(
                new ArrayList<>(List.of(1, 2)), new LinkedList<>(List.of("a")), List.of(), List.of(1), List.of(1, 2),
                List.of(1, 2, 3), new HashSet<>(Set.of(1, 2)), new LinkedHashSet<>(List.of(3, 1, 2)),
                new TreeSet<>(Set.of("b", "a")), Set.of(), Set.of(1), Set.of(1, 2, 3), new HashMap<>(Map.of(1, "a")),
                new LinkedHashMap<>(Map.of("k", 1L)), new TreeMap<>(Map.of(2, 3)), Map.of(), Map.of(1, 2),
                Map.of(1, 2, 3, 4), Stream.of(1, 2, 3).toList());
        for (Object v : values) {
            Object back = ((Box) roundTrip(new Box(v))).v();
            assertEquals(v, back);
            assertSame(v.getClass(), back.getClass(), "class of " + v);
            Object top = roundTrip(v);
            assertSame(v.getClass(), top.getClass(), "class of the element " + v);
        }
        LinkedHashSet<Integer> ordered = new LinkedHashSet<>(List.of(3, 1, 2));
        assertEquals(List.copyOf(ordered), List.copyOf((Set<?>) roundTrip(ordered)), "a linked set keeps its order");
    }

    @Test
    void aTreeSetInASetComponentArrivesAsATreeSet() {
        Tagged t = new Tagged("t", new TreeSet<>(Set.of("z", "a", "m")));
        Tagged back = (Tagged) roundTrip(t);
        assertEquals(t, back);
        assertSame(TreeSet.class, back.tags().getClass());
        assertEquals(List.of("a", "m", "z"), List.copyOf(back.tags()));
    }

    @Test
    void aCollectionThatWouldChangeClassIsRefusedNamingTheComponentTheClassAndTheFix() {
        Tagged t = new Tagged("t", Collections.unmodifiableSet(new TreeSet<>(Set.of("a"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CODEC.encode(new Object[] {new Box(t)}, 0, 1));
        String message = e.getMessage();
        assertTrue(message.contains("Box.v (declared Object) -> Tagged.tags (declared Set)"), message);
        assertTrue(message.contains("java.util.Collections$UnmodifiableSet"), message);
        assertTrue(message.contains("copy it into one of those"), message);

        IllegalArgumentException sorted = assertThrows(IllegalArgumentException.class, () -> CODEC.encode(
                new Object[] {new Tagged("t", new TreeSet<>(Comparator.<String>reverseOrder()))}, 0, 1));
        assertTrue(sorted.getMessage().contains("Tagged.tags"), sorted.getMessage());
        assertTrue(sorted.getMessage().contains("comparator"), sorted.getMessage());

        List<Integer> two = Stream.of(1, 2).toList();
        IllegalArgumentException toList = assertThrows(IllegalArgumentException.class,
                () -> CODEC.encode(new Object[] {new Point(1, "p", two)}, 0, 1));
        assertTrue(toList.getMessage().contains("Point.tags"), toList.getMessage());
        assertTrue(toList.getMessage().contains("List.copyOf"), toList.getMessage());
        assertEquals(new Point(1, "p", List.copyOf(two)), roundTrip(new Point(1, "p", List.copyOf(two))));
    }

    @Test
    void builtInValueTypesRoundTrip() {
        List<Object> values = List.of(UUID.randomUUID(), new BigInteger("-123456789012345678901234567890"),
                new BigDecimal("-1.2345E-300"), Instant.ofEpochSecond(-5, 999_999_999), Duration.ofNanos(-1),
                LocalDate.of(-4, 2, 29), Optional.empty(), Optional.of(new Box(1L)));
        for (Object v : values) {
            Object back = roundTrip(v);
            assertEquals(v, back);
            assertSame(v.getClass(), back.getClass());
        }
        int[] ints = {1, -2};
        long[] longs = {Long.MIN_VALUE};
        double[] doubles = {-0.0, Double.NaN};
        Object[] arrays = {ints, longs, doubles};
        Object[] decoded = CODEC.decode(CODEC.encode(arrays, 0, 3));
        assertArrayEquals(ints, (int[]) decoded[0]);
        assertArrayEquals(longs, (long[]) decoded[1]);
        assertArrayEquals(doubles, (double[]) decoded[2]);
    }

    @Test
    void recurringAndCollidingShortStringsDecodeToTheirOwnValues() {
        java.util.Random random = new java.util.Random(7);
        Object[] events = new Object[20_000];
        for (int i = 0; i < events.length; i++) {
            int length = random.nextInt(34);
            StringBuilder key = new StringBuilder();
            for (int c = 0; c < length; c++) {
                key.append((char) ('a' + random.nextInt(i % 3 == 0 ? 2 : 26)));
            }
            events[i] = i % 2 == 0 ? new Event(i, key.toString(), i) : key.toString() + "é";
        }
        Object[] decoded = CODEC.decode(CODEC.encode(events, 0, events.length));
        assertEquals(Arrays.asList(events), Arrays.asList(decoded));
    }

    @Test
    void nonAsciiStringsInRecordsRoundTrip() {
        Event e = new Event(1, "héllo 日本 \uD83D\uDE00" + "x".repeat(200), 2);
        assertEquals(e, roundTrip(e));
        assertEquals(new Event(1, "é", 2), roundTrip(new Event(1, "é", 2)));
    }
}
