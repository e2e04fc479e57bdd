package io.sluice.runtime.wire;

/** What an operator actor accepts: data from upstream, credit from downstream, control from its member. */
public interface OperatorMessage {
}
