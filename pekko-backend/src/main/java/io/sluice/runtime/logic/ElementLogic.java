package io.sluice.runtime.logic;

import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.ir.Node;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/** Element-wise operators: each output depends on one input element (and, for enumerate, a counter). */
public final class ElementLogic {

    private ElementLogic() {
    }

    static Optional<OperatorLogic> of(Node node) {
        if (node instanceof Node.Map n) {
            Function<Object, Object> fn = n.fn();
            return Optional.of((port, sender, elements, out) -> {
                for (Object e : elements) {
                    out.emit(fn.apply(e));
                }
            });
        }
        if (node instanceof Node.Filter n) {
            Predicate<Object> p = n.predicate();
            return Optional.of((port, sender, elements, out) -> {
                for (Object e : elements) {
                    if (p.test(e)) {
                        out.emit(e);
                    }
                }
            });
        }
        if (node instanceof Node.FlatMap n) {
            Function<Object, Iterable<?>> fn = n.fn();
            return Optional.of((port, sender, elements, out) -> {
                for (Object e : elements) {
                    for (Object x : fn.apply(e)) {
                        out.emit(x);
                    }
                }
            });
        }
        if (node instanceof Node.FilterMap n) {
            Function<Object, Optional<?>> fn = n.fn();
            return Optional.of((port, sender, elements, out) -> {
                for (Object e : elements) {
                    fn.apply(e).ifPresent(out::emit);
                }
            });
        }
        if (node instanceof Node.Inspect n) {
            Consumer<Object> action = n.action();
            return Optional.of((port, sender, elements, out) -> {
                for (Object e : elements) {
                    action.accept(e);
                }
                out.emitAll(elements);
            });
        }
        if (node instanceof Node.ForEach n) {
            Consumer<Object> action = n.action();
            return Optional.of((port, sender, elements, out) -> {
                for (Object e : elements) {
                    action.accept(e);
                }
            });
        }
        if (node instanceof Node.Enumerate) {
            return Optional.of(new Enumerate());
        }
        if (node instanceof Node.Union || node instanceof Node.AllTicks || node instanceof Node.Cycle) {
            return Optional.of((port, sender, elements, out) -> out.emitAll(elements));
        }
        if (node instanceof Node.Network n) {
            if (!n.tagSender()) {
                return Optional.of((port, sender, elements, out) -> out.emitAll(elements));
            }
            return Optional.of((port, sender, elements, out) -> {
                MemberId<Object> from = MemberId.of(sender);
                Object[] tagged = new Object[elements.length];
                for (int i = 0; i < elements.length; i++) {
                    tagged[i] = KV.of(from, elements[i]);
                }
                out.emitAll(tagged);
            });
        }
        return Optional.empty();
    }

    /** Index of each element on this member, from 0 (per tick inside a tick). */
    private static final class Enumerate implements OperatorLogic {
        private long next;

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            for (Object e : elements) {
                out.emit(KV.of(next++, e));
            }
        }

        @Override
        public void onTickEnd(Emitter out) {
            next = 0;
        }
    }
}
