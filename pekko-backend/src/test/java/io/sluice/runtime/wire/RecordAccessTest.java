package io.sluice.runtime.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.wirefixtures.Point;
import io.sluice.wirefixtures.Segment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordAccessTest {

    @Test
    void eachRecordClassGetsAHiddenClassOfItsOwnThatRoundTripsIt() {
        RecordCodec points = RecordCodec.bind(Point.class);
        RecordCodec segments = RecordCodec.bind(Segment.class);
        assertTrue(points.accessClass().isHidden(), "handles held as constants: " + points.accessClass());
        assertNotSame(points.accessClass(), segments.accessClass(), "one hidden class per record class");

        Point a = new Point(1, "a", List.of(2, 3));
        Point b = new Point(-4, "b", List.of());
        Object[] batch = {a, b, new Segment(a, b, Map.of("w", 5L))};
        assertEquals(List.of(batch), List.of(ElementCodec.standard().decode(ElementCodec.standard().encode(batch, 0, 3))));
    }
}
