package io.sluice.testkit.sim;

/** Operator code (the user's or the logic's) threw during a simulated run; the message names the operator and member. */
final class OperatorFailure extends RuntimeException {

    OperatorFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
