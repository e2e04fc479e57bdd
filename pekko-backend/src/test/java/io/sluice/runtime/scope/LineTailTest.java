package io.sluice.runtime.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineTailTest {

    @Test
    void keepsTheLatestLinesAndCountsTheOthers() {
        LineTail tail = new LineTail(3);
        for (int i = 1; i <= 5; i++) {
            tail.add("line " + i);
        }
        assertEquals(List.of("line 3", "line 4", "line 5"), tail.lines());
        assertEquals(2, tail.dropped());
    }

    @Test
    void aTailKeepsAtLeastOneLine() {
        assertEquals("a line tail keeps at least 1 line, not 0",
                assertThrows(IllegalArgumentException.class, () -> new LineTail(0)).getMessage());
    }
}
