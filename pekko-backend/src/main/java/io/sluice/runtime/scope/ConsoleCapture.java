package io.sluice.runtime.scope;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Attributes what operator code prints to the member that runs it, while some deployment asks
 * for it. The first {@link #acquire()} replaces {@code System.out} and {@code System.err} with
 * streams that, on a thread running operator code, cut the bytes into lines and hand them to
 * that member's {@link MemberConsole}, and on any other thread write through to the real
 * console, unchanged; the last {@link #release()} puts the real streams back (unless someone
 * else replaced them in the meantime, whose streams are then left alone).
 *
 * <p>Code that captured a stream while the routing streams were installed (such as
 * {@code System.out::println} in a flow built after the deployment was created) keeps routing
 * correctly after they are removed: outside operator code they write through.
 */
public final class ConsoleCapture {

    private static final ThreadLocal<MemberConsole> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<ByteArrayOutputStream> PARTIAL_OUT = ThreadLocal.withInitial(ByteArrayOutputStream::new);
    private static final ThreadLocal<ByteArrayOutputStream> PARTIAL_ERR = ThreadLocal.withInitial(ByteArrayOutputStream::new);
    private static PrintStream realOut;
    private static PrintStream realErr;
    private static PrintStream routedOut;
    private static PrintStream routedErr;
    private static int holders;

    private ConsoleCapture() {
    }

    /** Installs the routing streams unless some deployment already holds them; pair with {@link #release()}. */
    public static synchronized void acquire() {
        if (holders++ == 0) {
            realOut = System.out;
            realErr = System.err;
            routedOut = new PrintStream(new Router(realOut, PARTIAL_OUT, false), true, StandardCharsets.UTF_8);
            routedErr = new PrintStream(new Router(realErr, PARTIAL_ERR, true), true, StandardCharsets.UTF_8);
            System.setOut(routedOut);
            System.setErr(routedErr);
        }
    }

    /** Gives up one {@link #acquire()}; the last one puts the real streams back. */
    public static synchronized void release() {
        if (holders == 0) {
            throw new IllegalStateException("ConsoleCapture.release() without acquire()");
        }
        if (--holders == 0) {
            if (System.out == routedOut) {
                System.setOut(realOut);
            }
            if (System.err == routedErr) {
                System.setErr(realErr);
            }
            routedOut = null;
            routedErr = null;
        }
    }

    /** Whether the routing streams are installed. */
    public static synchronized boolean installed() {
        return holders > 0;
    }

    /** The real standard output, where echoed lines go: the one replaced while installed, else the current one. */
    public static synchronized PrintStream realOut() {
        return holders > 0 ? realOut : System.out;
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
