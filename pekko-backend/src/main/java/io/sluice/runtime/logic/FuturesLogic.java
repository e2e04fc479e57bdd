package io.sluice.runtime.logic;

import io.sluice.dataflow.ir.Node;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code resolveFutures} and {@code resolveFuturesOrdered}: calls the node's function on every
 * element and emits the values of the stages it returns, as they complete or in input order. A
 * stage completes on any thread: its callback hands the outcome over through a thread-safe queue
 * and wakes the operator, which emits. At most {@code maxInFlight} stages are awaited at a time:
 * beyond that, input waits unstarted and its acks are held ({@link #retainsInput()}), so that
 * upstream slows down. The operator's end waits for every stage ({@link #holdsEnd()}). Its
 * failures are thrown to the operator, whose report names the operator and its call site.
 */
final class FuturesLogic implements OperatorLogic {

    /** One started stage: its outcome, written by the completing thread before it is handed over. */
    private static final class Slot {
        private Object value;
        private Throwable error;
        /** Handed over and read: on the operator's thread. */
        private boolean done;
    }

    private final Node.ResolveFutures node;
    private final int maxInFlight;
    /** Input not started yet, because {@code maxInFlight} stages are awaited. */
    private final ArrayDeque<Object> unstarted = new ArrayDeque<>();
    /** The stages started and not emitted, in input order (ordered form only). */
    private final ArrayDeque<Slot> inOrder = new ArrayDeque<>();
    private final Queue<Slot> completed = new ConcurrentLinkedQueue<>();
    private final Wakeup wakeup = new Wakeup();
    private int inFlight;

    FuturesLogic(Node.ResolveFutures node) {
        this.node = node;
        this.maxInFlight = node.maxInFlight();
    }

    @Override
    public void onStart(Emitter out, Runnable wake) {
        wakeup.bind(wake);
    }

    @Override
    public void onBatch(int port, int sender, Object[] elements, Emitter out) {
        for (Object element : elements) {
            if (inFlight < maxInFlight && unstarted.isEmpty()) {
                start(element);
            } else {
                unstarted.add(element);
            }
        }
    }

    @Override
    public void onWake(Emitter out) {
        wakeup.clear();
        Slot slot;
        while ((slot = completed.poll()) != null) {
            if (slot.error != null) {
                Throwable cause = slot.error instanceof CompletionException && slot.error.getCause() != null
                        ? slot.error.getCause() : slot.error;
                throw new IllegalStateException("a future failed: " + cause, cause);
            }
            if (slot.value == null) {
                throw new NullPointerException("a future completed with null; streams carry no "
                        + "nulls (complete it with an Optional and filterMap, or filter the element out first)");
            }
            if (node.ordered()) {
                slot.done = true;
            } else {
                out.emit(slot.value);
                inFlight--;
            }
        }
        while (!inOrder.isEmpty() && inOrder.peek().done) {
            out.emit(inOrder.poll().value);
            inFlight--;
        }
        while (inFlight < maxInFlight && !unstarted.isEmpty()) {
            start(unstarted.poll());
        }
    }

    @Override
    public boolean retainsInput() {
        return !unstarted.isEmpty() || inFlight >= maxInFlight;
    }

    @Override
    public boolean holdsEnd() {
        return inFlight > 0 || !unstarted.isEmpty();
    }

    @Override
    public boolean isQuiet() {
        return inFlight == 0 && unstarted.isEmpty();
    }

    private void start(Object element) {
        CompletionStage<?> stage = node.fn().apply(element);
        if (stage == null) {
            throw new NullPointerException("the function returned null for " + element
                    + "; it must return a CompletionStage");
        }
        Slot slot = new Slot();
        inFlight++;
        if (node.ordered()) {
            inOrder.add(slot);
        }
        stage.whenComplete((value, error) -> {
            slot.value = value;
            slot.error = error;
            completed.add(slot);
            wakeup.signal();
        });
    }
}
