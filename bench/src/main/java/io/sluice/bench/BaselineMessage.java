package io.sluice.bench;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * The messages of the hand-written baseline that cross the network, all written by
 * {@link BaselineSerializer} (bound to this interface in {@link Baseline}'s configuration).
 * Batches carry primitive arrays; credits are granted by each receiver straight to its sender.
 */
sealed interface BaselineMessage {

    /** Tells worker number {@code worker} where to send results, and its credit towards the leader. */
    record Hello(ActorRef<BaselineLeader.Command> leader, int worker, int window)
            implements BaselineMessage, BaselineWorker.Command {
    }

    /** A batch of inputs, leader to worker. */
    record Ints(int[] values) implements BaselineMessage, BaselineWorker.Command {
    }

    /** A batch of results from worker number {@code worker}, worker to leader. */
    record Longs(int worker, long[] values) implements BaselineMessage, BaselineLeader.Command {
    }

    /** The leader grants a worker credit for {@code batches} more batches of results. */
    record Credit(int batches) implements BaselineMessage, BaselineWorker.Command {
    }

    /** Worker number {@code worker} grants the leader credit for {@code batches} more batches of inputs. */
    record WorkerCredit(int worker, int batches) implements BaselineMessage, BaselineLeader.Command {
    }
}
