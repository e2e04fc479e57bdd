package io.sluice.bench;

/**
 * How the bench mains end: exit status 0 after a body that returned, 1 with the stack trace after
 * one that threw (a failed exactness check among them), so that no failure goes unnoticed and
 * no lingering thread keeps the JVM alive.
 */
final class Mains {

    /** A main's body. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private Mains() {
    }

    /** Runs {@code body}, then exits the JVM: 0 on success, 1 on any failure. */
    static void run(Body body) {
        int status = 0;
        try {
            body.run();
        } catch (Throwable t) {
            System.err.println("BENCH FAILED: " + t);
            t.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }
}
