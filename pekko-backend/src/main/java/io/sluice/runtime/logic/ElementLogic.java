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

    static OperatorLogic map(Node.Map node) {
        Function<Object, Object> fn = node.fn();
        return (port, sender, elements, out) -> {
            for (Object e : elements) {
                out.emit(fn.apply(e));
            }
        };
    }

    static OperatorLogic filter(Node.Filter node) {
        Predicate<Object> p = node.predicate();
        return (port, sender, elements, out) -> {
            for (Object e : elements) {
                if (p.test(e)) {
                    out.emit(e);
                }
            }
        };
    }

    static OperatorLogic flatMap(Node.FlatMap node) {
        Function<Object, Iterable<?>> fn = node.fn();
        return (port, sender, elements, out) -> {
            for (Object e : elements) {
                for (Object x : fn.apply(e)) {
                    out.emit(x);
                }
            }
        };
    }

    static OperatorLogic filterMap(Node.FilterMap node) {
        Function<Object, Optional<?>> fn = node.fn();
        return (port, sender, elements, out) -> {
            for (Object e : elements) {
                fn.apply(e).ifPresent(out::emit);
            }
        };
    }

    static OperatorLogic inspect(Node.Inspect node) {
        Consumer<Object> action = node.action();
        return (port, sender, elements, out) -> {
            for (Object e : elements) {
                action.accept(e);
            }
            out.emitAll(elements);
        };
    }

    static OperatorLogic forEach(Node.ForEach node) {
        Consumer<Object> action = node.action();
        return (port, sender, elements, out) -> {
            for (Object e : elements) {
                action.accept(e);
            }
        };
    }

    static OperatorLogic enumerate() {
        return new Enumerate();
    }

    /** Every batch passed on as it is: union, allTicks, a cycle, an untagged network receiver. */
    static OperatorLogic passThrough() {
        return (port, sender, elements, out) -> out.emitAll(elements);
    }

    /** A network receiver: passes batches on, tagging each element with its sender's id if asked. */
    static OperatorLogic network(Node.Network node) {
        if (!node.tagSender()) {
            return passThrough();
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

        @Override
        public Object[] snapshot() {
            return new Object[] {next};
        }

        @Override
        public void restore(Object[] state) {
            next = (Long) state[0];
        }
    }
}
