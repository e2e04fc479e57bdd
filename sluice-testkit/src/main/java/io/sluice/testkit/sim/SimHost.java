package io.sluice.testkit.sim;

import io.sluice.dataflow.Host;

/** Where a member runs in the simulator: nowhere but in the scheduler's thread. */
final class SimHost implements Host {

    static final SimHost INSTANCE = new SimHost();

    private SimHost() {
    }

    @Override
    public String describe() {
        return "a simulated member";
    }
}
