package io.sluice.runtime.actor;

import io.sluice.runtime.channel.InPort;
import io.sluice.runtime.wire.WireMessage;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;

/**
 * What a remote batch must pass before its payload is decoded: its port exists, its sender
 * index is one of the port's senders, and its sequence number is one a channel can have. The
 * senders are not trusted, so a batch that fails, or whose payload does not decode (malformed,
 * truncated, naming a class the codec may not build), is dropped and counted, and logged at WARN
 * once per sender address, never failing the flow; so is the end of a channel, or an ack, that
 * names no channel of the operator. The check reads two ints and a long: no
 * allocation on the hot path.
 *
 * <p>On the nodes Sluice creates, only members' messages get this far (the node's member gate
 * refuses the others and names their address). The sender a WARN names is the address of the
 * channel's expected sender, not the origin: Pekko does not tell an actor where a message came
 * from, so a member that forges another's channel is reported as the member it claims to be.
 */
final class BatchScreen {

    /** More warnings than this many senders are not remembered: the rest go to DEBUG. */
    private static final int MAX_WARNED = 1024;

    private final String operator;
    private final InPort[] ports;
    private final Logger log;
    private final Set<String> warned = new HashSet<>();
    private long dropped;

    BatchScreen(String operator, InPort[] ports, Logger log) {
        this.operator = operator;
        this.ports = ports;
        this.log = log;
    }

    /**
     * Whether {@code batch} may be decoded; if not, it is dropped and logged (naming the sender
     * as {@code senderAddress} gives it, which is only asked for on a refusal).
     */
    boolean admits(WireMessage.Batch batch, SenderAddress senderAddress) {
        int port = batch.port();
        if (port < 0 || port >= ports.length) {
            drop(batch, "unknown", "no input port " + port + " (the operator has " + ports.length + ")");
            return false;
        }
        int sender = batch.sender();
        if (sender < 0 || sender >= ports[port].senders()) {
            drop(batch, "unknown", "input port " + port + " has no sender " + sender + " (it has "
                    + ports[port].senders() + ")");
            return false;
        }
        if (batch.seq() < 1) {
            drop(batch, senderAddress.of(port, sender), "sequence number " + batch.seq() + " (they start at 1)");
            return false;
        }
        return true;
    }

    /**
     * Whether the end of a channel may be taken in: its port and sender exist, and its last
     * sequence number is one a channel can have. If not, it is dropped and logged.
     */
    boolean admits(WireMessage.End end, SenderAddress senderAddress) {
        int port = end.port();
        int sender = end.sender();
        String why = port < 0 || port >= ports.length ? "no input port " + port
                : sender < 0 || sender >= ports[port].senders() ? "input port " + port + " has no sender " + sender
                : end.lastSeq() < 0 ? "last sequence number " + end.lastSeq() : null;
        if (why == null) {
            return true;
        }
        boolean known = why.startsWith("last");
        drop("the end of a channel for port " + port + " from sender " + sender,
                known ? senderAddress.of(port, sender) : "unknown", why);
        return false;
    }

    /**
     * Whether a snapshot's barrier may be taken in: its port and sender exist, and its snapshot
     * number is one a snapshot can have. If not, it is dropped and logged.
     */
    boolean admits(WireMessage.Barrier barrier, SenderAddress senderAddress) {
        int port = barrier.port();
        int sender = barrier.sender();
        String why = port < 0 || port >= ports.length ? "no input port " + port
                : sender < 0 || sender >= ports[port].senders() ? "input port " + port + " has no sender " + sender
                : barrier.snapshot() < 1 ? "snapshot number " + barrier.snapshot() : null;
        if (why == null) {
            return true;
        }
        drop("a barrier for port " + port + " from sender " + sender,
                why.startsWith("snapshot") ? senderAddress.of(port, sender) : "unknown", why);
        return false;
    }

    /** An ack that names no channel of the operator's: dropped and logged. */
    void strayAck(WireMessage.Ack ack) {
        drop("an ack for edge " + ack.edge() + ", target " + ack.target(), "unknown", "the operator has no such channel");
    }

    /** The payload of an admitted batch did not decode: drop it. */
    void undecodable(WireMessage.Batch batch, String sender, IllegalArgumentException e) {
        drop(batch, sender, "its payload does not decode: " + e.getMessage());
    }

    /** How many batches were dropped so far. */
    long dropped() {
        return dropped;
    }

    private void drop(WireMessage.Batch batch, String sender, String why) {
        drop("batch " + batch.seq() + " for port " + batch.port() + " from sender " + batch.sender(), sender, why);
    }

    private void drop(String what, String sender, String why) {
        dropped++;
        String message = operator + " dropped " + what + " at " + sender + " (" + dropped + " dropped so far): " + why;
        if (warned.size() < MAX_WARNED && warned.add(sender)) {
            log.warn("{}; further batches dropped from {} are logged at DEBUG", message, sender);
        } else {
            log.debug(message);
        }
    }

    /** The address of a port's sender, for the log. */
    @FunctionalInterface
    interface SenderAddress {
        String of(int port, int sender);
    }
}
