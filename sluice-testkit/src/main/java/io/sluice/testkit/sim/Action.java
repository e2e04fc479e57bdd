package io.sluice.testkit.sim;

/** One thing the scheduler can do next; when several are enabled, which one is a choice. */
sealed interface Action permits Action.Deliver, Action.Open, Action.Fire, Action.Crash {

    /** Deliver the oldest message of an asynchronous channel. */
    record Deliver(Channel channel) implements Action {
    }

    /** Open a tick of one member. */
    record Open(TickState tick) implements Action {
    }

    /** Fire the earliest timer, moving virtual time to it. */
    record Fire(Cell cell) implements Action {
    }

    /** Crash a member that the test said may crash. */
    record Crash(int location, int member) implements Action {
    }
}
