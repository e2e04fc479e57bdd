package io.sluice.testkit.sim;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * {@code System.out} while simulations run: what operator code prints on the simulating thread
 * goes, line by line, to the member that printed it (as {@code Deployment.stdout} shows a
 * member's lines); anything else passes through to the stream it replaced.
 */
final class ConsoleRouter extends OutputStream {

    /** Where the current line goes, given the operator running now, or null to pass it through. */
    interface Target {
        /** The sink of the member whose operator code runs now on this thread, if any. */
        Consumer<String> lineSink();
    }

    private final PrintStream original;
    private final Thread owner;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private volatile Target target;

    private ConsoleRouter(PrintStream original, Thread owner) {
        this.original = original;
        this.owner = owner;
    }

    /** Replaces {@code System.out} with a router for this thread; {@link #uninstall} puts it back. */
    static ConsoleRouter install() {
        ConsoleRouter router = new ConsoleRouter(System.out, Thread.currentThread());
        System.setOut(new PrintStream(router, true, StandardCharsets.UTF_8));
        return router;
    }

    void uninstall() {
        System.out.flush();
        System.setOut(original);
    }

    /** The run whose members' lines are routed now. */
    void target(Target t) {
        target = t;
        line.reset();
    }

    @Override
    public void write(int b) {
        Consumer<String> sink = sink();
        if (sink == null) {
            original.write(b);
            return;
        }
        if (b == '\n') {
            String s = line.toString(StandardCharsets.UTF_8);
            line.reset();
            sink.accept(s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
        } else {
            line.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (sink() == null) {
            original.write(b, off, len);
            return;
        }
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public void flush() {
        original.flush();
    }

    private Consumer<String> sink() {
        Target t = target;
        return t == null || Thread.currentThread() != owner ? null : t.lineSink();
    }
}
