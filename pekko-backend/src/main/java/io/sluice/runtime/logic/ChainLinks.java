package io.sluice.runtime.logic;

import io.sluice.dataflow.ir.Node;
import io.sluice.dataflow.ir.Origin;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The links of an operator chain ({@code io.sluice.plan.Chains}): element-wise operators that
 * run in the actor of the operator before them. The chain's head emits into the first link,
 * each link does its work on each element as it comes and emits into the next, and the last
 * emits into the actor's outlet:
 *
 * <pre>{@code
 * Emitter out = ChainLinks.of(headNode, List.of(mapNode, filterNode), outlet);
 * headLogic.onBatch(port, sender, elements, out);   // map, then filter, then the outlet
 * }</pre>
 *
 * <p>Each link checks what it is handed for null ({@link NullElementException}, naming the
 * operator that produced it), and reports an exception of its user function as a
 * {@link ChainFailure} naming itself, so a failure reads as it would with every operator in an
 * actor of its own.
 */
public final class ChainLinks {

    private ChainLinks() {
    }

    /**
     * The emitter {@code head}'s logic emits into: {@code links} in order, then {@code outlet};
     * {@code outlet} itself when there are no links.
     */
    public static Emitter of(Node head, List<Node> links, Emitter outlet) {
        Emitter next = outlet;
        for (int i = links.size() - 1; i >= 0; i--) {
            Node producer = i == 0 ? head : links.get(i - 1);
            next = link(links.get(i), producer.origin(), next);
        }
        return next;
    }

    private static Link link(Node node, Origin producer, Emitter next) {
        Origin self = node.origin();
        if (node instanceof Node.Map map) {
            return new MapLink(producer, self, next, map.fn());
        }
        if (node instanceof Node.Filter filter) {
            return new FilterLink(producer, self, next, filter.predicate());
        }
        if (node instanceof Node.FlatMap flatMap) {
            return new FlatMapLink(producer, self, next, flatMap.fn());
        }
        if (node instanceof Node.FilterMap filterMap) {
            return new FilterMapLink(producer, self, next, filterMap.fn());
        }
        if (node instanceof Node.Inspect inspect) {
            return new ActionLink(producer, self, next, inspect.action(), true);
        }
        if (node instanceof Node.ForEach forEach) {
            return new ActionLink(producer, self, next, forEach.action(), false);
        }
        throw new IllegalArgumentException(self + " is not an element-wise operator, so it cannot be chained");
    }

    /** One link: checks its input, does its work, emits into {@code next}. */
    private abstract static class Link implements Emitter {
        private final Origin producer;
        final Origin self;
        final Emitter next;

        Link(Origin producer, Origin self, Emitter next) {
            this.producer = producer;
            this.self = self;
            this.next = next;
        }

        @Override
        public final void emit(Object element) {
            if (element == null) {
                throw new NullElementException(producer);
            }
            accept(element);
        }

        @Override
        public final void emitAll(Object[] elements) {
            for (Object e : elements) {
                emit(e);
            }
        }

        @Override
        public final void flush() {
            next.flush();
        }

        /** This link's work on one element, which is not null. */
        abstract void accept(Object element);

        ChainFailure failed(RuntimeException e) {
            return new ChainFailure(self, e);
        }
    }

    private static final class MapLink extends Link {
        private final Function<Object, Object> fn;

        MapLink(Origin producer, Origin self, Emitter next, Function<Object, Object> fn) {
            super(producer, self, next);
            this.fn = fn;
        }

        @Override
        void accept(Object element) {
            Object result;
            try {
                result = fn.apply(element);
            } catch (RuntimeException e) {
                throw failed(e);
            }
            next.emit(result);
        }
    }

    private static final class FilterLink extends Link {
        private final Predicate<Object> predicate;

        FilterLink(Origin producer, Origin self, Emitter next, Predicate<Object> predicate) {
            super(producer, self, next);
            this.predicate = predicate;
        }

        @Override
        void accept(Object element) {
            boolean keep;
            try {
                keep = predicate.test(element);
            } catch (RuntimeException e) {
                throw failed(e);
            }
            if (keep) {
                next.emit(element);
            }
        }
    }

    private static final class FlatMapLink extends Link {
        private final Function<Object, Iterable<?>> fn;

        FlatMapLink(Origin producer, Origin self, Emitter next, Function<Object, Iterable<?>> fn) {
            super(producer, self, next);
            this.fn = fn;
        }

        @Override
        void accept(Object element) {
            Iterator<?> results;
            try {
                results = fn.apply(element).iterator();
            } catch (RuntimeException e) {
                throw failed(e);
            }
            while (true) {
                Object result;
                try {
                    if (!results.hasNext()) {
                        return;
                    }
                    result = results.next();
                } catch (RuntimeException e) {
                    throw failed(e);
                }
                next.emit(result);
            }
        }
    }

    private static final class FilterMapLink extends Link {
        private final Function<Object, Optional<?>> fn;

        FilterMapLink(Origin producer, Origin self, Emitter next, Function<Object, Optional<?>> fn) {
            super(producer, self, next);
            this.fn = fn;
        }

        @Override
        void accept(Object element) {
            Optional<?> result;
            try {
                result = fn.apply(element);
            } catch (RuntimeException e) {
                throw failed(e);
            }
            if (result.isPresent()) {
                next.emit(result.get());
            }
        }
    }

    /** {@code inspect} (the element goes on) or {@code forEach} (nothing goes on). */
    private static final class ActionLink extends Link {
        private final Consumer<Object> action;
        private final boolean passesOn;

        ActionLink(Origin producer, Origin self, Emitter next, Consumer<Object> action, boolean passesOn) {
            super(producer, self, next);
            this.action = action;
            this.passesOn = passesOn;
        }

        @Override
        void accept(Object element) {
            try {
                action.accept(element);
            } catch (RuntimeException e) {
                throw failed(e);
            }
            if (passesOn) {
                next.emit(element);
            }
        }
    }
}
