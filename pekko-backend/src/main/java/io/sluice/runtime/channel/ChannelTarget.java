package io.sluice.runtime.channel;

import io.sluice.runtime.wire.OperatorMessage;

/**
 * The receiving end of a channel: the consumer's mailbox. The actor layer passes an operator
 * actor's ref ({@code ref::tell}), so that this package needs no Pekko; a test may pass a list's
 * {@code add}.
 */
@FunctionalInterface
public interface ChannelTarget {

    /** Delivers {@code message} to the consumer; never blocks. */
    void tell(OperatorMessage message);
}
