package io.sluice.runtime.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.dataflow.spi.MemberContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The routing streams are there only while some deployment holds them, and route by member. */
class ConsoleCaptureTest {

    private PrintStream before;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void useATestConsole() {
        before = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreTheConsole() {
        while (ConsoleCapture.installed()) {
            ConsoleCapture.release();
        }
        System.setOut(before);
    }

    @Test
    void theLastReleasePutsTheRealStreamsBack() {
        PrintStream real = System.out;
        PrintStream realErr = System.err;
        ConsoleCapture.acquire();
        PrintStream routed = System.out;
        assertNotSame(real, routed);
        assertSame(real, ConsoleCapture.realOut());
        ConsoleCapture.acquire();
        ConsoleCapture.release();
        assertSame(routed, System.out, "another deployment still holds the routing streams");
        ConsoleCapture.release();
        assertSame(real, System.out);
        assertSame(realErr, System.err);
        assertSame(real, ConsoleCapture.realOut());
        assertThrows(IllegalStateException.class, ConsoleCapture::release);
    }

    @Test
    void streamsSomeoneElseInstalledMeanwhileAreLeftAlone() {
        ConsoleCapture.acquire();
        PrintStream theirs = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        System.setOut(theirs);
        ConsoleCapture.release();
        assertSame(theirs, System.out);
    }

    @Test
    void operatorCodeIsAttributedToItsMemberOtherCodeWritesThrough() {
        ConsoleCapture.acquire();
        PrintStream routed = System.out;
        MemberConsole member = new MemberConsole("[m]", ConsoleCapture.realOut(), 2);
        MemberScope scope = new MemberScope(new MemberContext(0, 0, List.of(1)), member);
        scope.run(() -> {
            System.out.println("one");
            System.out.print("two");
        });
        routed.println("outside");
        ConsoleCapture.release();
        scope.run(() -> routed.println("three"));
        assertEquals(List.of("two", "three"), member.lines(), "the tail keeps the latest 2 lines");
        assertEquals("[m] one\n[m] two\noutside\n[m] three\n",
                console.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
