package io.sluice.runtime;

import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.ir.Node;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What one operator does to the elements it receives. Logic runs inside the operator's actor,
 * one batch at a time, with the member's context entered.
 */
interface OperatorLogic {

    /**
     * Handles {@code elements} that arrived on {@code port} from {@code sender}. Batches may be
     * shared between consumers: logic reads them and never writes into them.
     */
    void onBatch(int port, int sender, Object[] elements, Emitter out);

    /** Every input has ended; emit anything still held. */
    default void onComplete(Emitter out) {
    }

    /** The logic of a non-source node. */
    static OperatorLogic of(Node node) {
        if (node instanceof Node.Map n) {
            Function<Object, Object> fn = n.fn();
            return (port, sender, elements, out) -> {
                for (Object e : elements) {
                    out.emit(fn.apply(e));
                }
            };
        }
        if (node instanceof Node.Filter n) {
            Predicate<Object> p = n.predicate();
            return (port, sender, elements, out) -> {
                for (Object e : elements) {
                    if (p.test(e)) {
                        out.emit(e);
                    }
                }
            };
        }
        if (node instanceof Node.FlatMap n) {
            Function<Object, Iterable<?>> fn = n.fn();
            return (port, sender, elements, out) -> {
                for (Object e : elements) {
                    for (Object x : fn.apply(e)) {
                        out.emit(x);
                    }
                }
            };
        }
        if (node instanceof Node.FilterMap n) {
            Function<Object, Optional<?>> fn = n.fn();
            return (port, sender, elements, out) -> {
                for (Object e : elements) {
                    fn.apply(e).ifPresent(out::emit);
                }
            };
        }
        if (node instanceof Node.Inspect n) {
            Consumer<Object> action = n.action();
            return (port, sender, elements, out) -> {
                for (Object e : elements) {
                    action.accept(e);
                }
                out.emitAll(elements);
            };
        }
        if (node instanceof Node.ForEach n) {
            Consumer<Object> action = n.action();
            return (port, sender, elements, out) -> {
                for (Object e : elements) {
                    action.accept(e);
                }
            };
        }
        if (node instanceof Node.Enumerate) {
            return new OperatorLogic() {
                private long next;

                @Override
                public void onBatch(int port, int sender, Object[] elements, Emitter out) {
                    for (Object e : elements) {
                        out.emit(KV.of(next++, e));
                    }
                }
            };
        }
        if (node instanceof Node.Union) {
            return (port, sender, elements, out) -> out.emitAll(elements);
        }
        if (node instanceof Node.Network n) {
            if (!n.tagSender()) {
                return (port, sender, elements, out) -> out.emitAll(elements);
            }
            return (port, sender, elements, out) -> {
                MemberId<Object> from = MemberId.of(sender);
                Object[] tagged = new Object[elements.length];
                for (int i = 0; i < elements.length; i++) {
                    tagged[i] = KV.of(from, elements[i]);
                }
                out.emitAll(tagged);
            };
        }
        throw new IllegalArgumentException("no operator logic for " + node.describe() + " (" + node.origin() + ")");
    }
}
