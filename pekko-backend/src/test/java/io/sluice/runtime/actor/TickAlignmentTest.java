package io.sluice.runtime.actor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A tick ends when every input port has closed it, and the next starts with none closed. */
class TickAlignmentTest {

    @Test
    void theTickEndsWithTheLastPortToCloseItAndTheNextStartsAfresh() {
        TickAlignment alignment = new TickAlignment(3);
        assertFalse(alignment.close(1));
        assertFalse(alignment.close(1), "a port closes a tick once");
        assertFalse(alignment.close(0));
        assertTrue(alignment.close(2));
        assertFalse(alignment.close(2), "the next tick has none closed");
        assertFalse(alignment.close(0));
        assertTrue(alignment.close(1));
    }

    @Test
    void withOnePortEveryMarkerEndsATick() {
        TickAlignment alignment = new TickAlignment(1);
        assertTrue(alignment.close(0));
        assertTrue(alignment.close(0));
    }
}
