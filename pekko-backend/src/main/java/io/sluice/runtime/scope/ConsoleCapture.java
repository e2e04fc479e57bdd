package io.sluice.runtime.scope;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Attributes what operator code prints to the member that runs it. {@link #install()} replaces
 * {@code System.out} and {@code System.err} (once per JVM) with streams that, on a thread running
 * operator code, cut the bytes into lines and hand them to that member's {@link MemberConsole};
 * on any other thread they write through to the real console, unchanged.
 */
public final class ConsoleCapture {

    private static final ThreadLocal<MemberConsole> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<ByteArrayOutputStream> PARTIAL_OUT = ThreadLocal.withInitial(ByteArrayOutputStream::new);
    private static final ThreadLocal<ByteArrayOutputStream> PARTIAL_ERR = ThreadLocal.withInitial(ByteArrayOutputStream::new);
    private static PrintStream realOut;
    private static boolean installed;

    private ConsoleCapture() {
    }

    /** Installs the routing streams, once; returns the real standard output for echoing. */
    public static synchronized PrintStream install() {
        if (!installed) {
            realOut = System.out;
            PrintStream realErr = System.err;
            System.setOut(new PrintStream(new Router(realOut, PARTIAL_OUT, false), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Router(realErr, PARTIAL_ERR, true), true, StandardCharsets.UTF_8));
            installed = true;
        }
        return realOut;
    }

    /** Attributes this thread's printing to {@code console} until {@link #exit}; returns the previous one. */
    static MemberConsole enter(MemberConsole console) {
        MemberConsole previous = CURRENT.get();
        CURRENT.set(console);
        return previous;
    }

    /** Ends the attribution begun by {@link #enter}: an unfinished line is handed over as it is. */
    static void exit(MemberConsole previous) {
        MemberConsole current = CURRENT.get();
        if (current != null) {
            flushPartial(current, PARTIAL_OUT.get(), false);
            flushPartial(current, PARTIAL_ERR.get(), true);
        }
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    private static void flushPartial(MemberConsole console, ByteArrayOutputStream partial, boolean error) {
        if (partial.size() > 0) {
            console.line(partial.toString(StandardCharsets.UTF_8), error);
            partial.reset();
        }
    }

    /** Routes writes by the thread's current member. */
    private static final class Router extends OutputStream {
        private final OutputStream through;
        private final ThreadLocal<ByteArrayOutputStream> partial;
        private final boolean error;

        Router(OutputStream through, ThreadLocal<ByteArrayOutputStream> partial, boolean error) {
            this.through = through;
            this.partial = partial;
            this.error = error;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            MemberConsole console = CURRENT.get();
            if (console == null) {
                through.write(b, off, len);
                return;
            }
            ByteArrayOutputStream line = partial.get();
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    line.write(b, start, i - start);
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    console.line(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text, error);
                    start = i + 1;
                }
            }
            line.write(b, start, off + len - start);
        }

        @Override
        public void flush() throws java.io.IOException {
            through.flush();
        }
    }
}
