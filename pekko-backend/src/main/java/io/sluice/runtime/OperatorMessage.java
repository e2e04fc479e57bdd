package io.sluice.runtime;

/** What an operator actor accepts: data from upstream, credit from downstream, control from its member. */
sealed interface OperatorMessage permits WireMessage, LocalBatch, OperatorControl {
}
