package io.sluice.runtime.scope;

import io.sluice.dataflow.spi.MemberContext;

/**
 * What operator code of one member runs within: its {@link MemberContext} (for
 * {@code Cluster.selfId()}) and its {@link MemberConsole} (for what it prints). Operators enter
 * it around every call into user code.
 */
public final class MemberScope {

    private final MemberContext context;
    private final MemberConsole console;

    public MemberScope(MemberContext context, MemberConsole console) {
        this.context = context;
        this.console = console;
    }

    MemberContext context() {
        return context;
    }

    /** Runs {@code body} inside this member's scope. */
    public void run(Runnable body) {
        MemberContext previousContext = MemberContext.enter(context);
        MemberConsole previousConsole = ConsoleCapture.enter(console);
        try {
            body.run();
        } finally {
            ConsoleCapture.exit(previousConsole);
            MemberContext.restore(previousContext);
        }
    }
}
