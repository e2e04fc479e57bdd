package io.sluice.testkit.sim;

/** A run went past one of its limits (steps); the message says which and how to raise it. */
final class SimulationLimitException extends RuntimeException {

    SimulationLimitException(String message) {
        super(message);
    }
}
