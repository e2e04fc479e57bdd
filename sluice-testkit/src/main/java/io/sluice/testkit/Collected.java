package io.sluice.testkit;

import io.sluice.dataflow.spi.MemberContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * What an output collected, per member, and the reading of it by assertions: the {@code forEach}
 * action that {@link FlowTestKit#collect} puts at the end of a stream. Elements arrive on the
 * members' actor threads; assertions wait on the test's thread. Each member's elements are read
 * like a queue: an assertion checks the elements after those earlier assertions read, and reads
 * them when it passes (Hydro's {@code sim} outputs do the same).
 *
 * <p>An output is bound to its run by {@link FlowTestKit#start}, which finds it in the flow's
 * graph; from then on it knows its location's label and size, and it ends when the flow does.
 *
 * @param <T> the element type
 */
final class Collected<T> implements Consumer<Object> {

    /** How an assertion compares the unread elements with the expected ones. */
    enum Mode {
        /** The next elements are exactly these, in this order. */
        SEQUENCE("assertYields"),
        /** The elements up to the flow's end are exactly these, in this order. */
        ONLY("assertYieldsOnly"),
        /** The next elements are these, in any order. */
        UNORDERED("assertYieldsUnordered"),
        /** The elements up to the flow's end are these, in any order. */
        ONLY_UNORDERED("assertYieldsOnlyUnordered");

        final String method;

        Mode(String method) {
            this.method = method;
        }

        boolean toTheEnd() {
            return this == ONLY || this == ONLY_UNORDERED;
        }

        boolean ordered() {
            return this == SEQUENCE || this == ONLY;
        }
    }

    /** Where the flow is: the end of every output of its run. */
    private enum End {
        /** Not bound to a run yet, or the run is going on. */
        RUNNING,
        /** The flow completed: every element of every output has arrived. */
        COMPLETED,
        /** The flow failed: {@link #failure} says why. */
        FAILED,
        /** The run was stopped before the flow completed. */
        STOPPED
    }

    /** One member's verdict on an assertion at one moment. */
    private record Verdict(Status status, String detail) {
        static Verdict pass() {
            return new Verdict(Status.PASS, "ok");
        }

        static Verdict fail(String detail) {
            return new Verdict(Status.FAIL, detail);
        }

        static Verdict waiting(String detail) {
            return new Verdict(Status.WAIT, detail);
        }
    }

    private enum Status { PASS, FAIL, WAIT }

    private final Object lock = new Object();
    private final String site;
    /** Each member's elements, oldest first, by member id; grows as members report. */
    private final List<List<T>> values = new ArrayList<>();
    /** How many elements of each member assertions have read. */
    private final List<Integer> read = new ArrayList<>();
    private String label;
    private int size = -1;
    private End end = End.RUNNING;
    private Throwable failure;

    /** @param site where the output was made, for messages before it is bound */
    Collected(String site) {
        this.site = site;
    }

    /** Called by the flow's {@code forEach} on a member's thread. */
    @Override
    @SuppressWarnings("unchecked")
    public void accept(Object element) {
        int member = MemberContext.current().map(MemberContext::member).orElse(0);
        synchronized (lock) {
            grow(member + 1);
            values.get(member).add((T) element);
            lock.notifyAll();
        }
    }

    /**
     * Binds this output to a run: its location's label and number of members.
     *
     * @throws IllegalStateException when it is already bound (its flow was started before)
     */
    void bind(String label, int size) {
        synchronized (lock) {
            if (this.label != null) {
                throw new IllegalStateException("the output made at " + site + " already belongs to a started flow ("
                        + this.label + "): a FlowBuilder runs once; build a new flow and collect it again");
            }
            this.label = label;
            this.size = size;
            grow(size);
        }
    }

    /** The run's end: a completion, or a failure (a {@link CancellationException} when it was stopped). */
    void ended(Throwable cause) {
        synchronized (lock) {
            if (end != End.RUNNING) {
                return;
            }
            Throwable why = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
            if (why == null) {
                end = End.COMPLETED;
            } else if (why instanceof CancellationException) {
                end = End.STOPPED;
            } else {
                end = End.FAILED;
                failure = why;
            }
            lock.notifyAll();
        }
    }

    /** The location's label, or where the output was made while it is not bound. */
    String label() {
        synchronized (lock) {
            return label == null ? "the output made at " + site + " (its flow was not started with FlowTestKit.start)"
                    : label;
        }
    }

    /** The number of members; 1 before the output is bound. */
    int size() {
        synchronized (lock) {
            return Math.max(size, 1);
        }
    }

    /** Every element member {@code member} yielded so far, read or not. */
    List<T> values(int member) {
        synchronized (lock) {
            return member < values.size() ? List.copyOf(values.get(member)) : List.of();
        }
    }

    /**
     * Waits until the elements of the members in {@code expected} (member id to expected list)
     * satisfy {@code mode}, or until one of them cannot any more, or until {@code timeout}; on
     * success reads them, otherwise throws an {@link AssertionError} that shows, for every member
     * asked about, what was expected and what it yielded.
     */
    void check(Mode mode, Map<Integer, List<?>> expected, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            if (label != null) {
                for (int member : expected.keySet()) {
                    if (member < 0 || member >= size) {
                        throw new IllegalArgumentException(what + ": member " + member + " does not exist: " + label
                                + " has members 0.." + (size - 1));
                    }
                }
            }
            while (true) {
                Map<Integer, Verdict> verdicts = new TreeMap<>();
                expected.forEach((member, list) -> verdicts.put(member, verdict(mode, list, unread(member))));
                boolean failed = verdicts.values().stream().anyMatch(v -> v.status() == Status.FAIL);
                boolean passed = verdicts.values().stream().allMatch(v -> v.status() == Status.PASS);
                if (passed) {
                    expected.forEach((member, list) -> read.set(member, read.get(member) + list.size()));
                    return;
                }
                long left = deadline - System.nanoTime();
                if (failed || left <= 0) {
                    throw new AssertionError(message(mode, expected, verdicts, failed, timeout, what), failure);
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(what + ": interrupted while waiting for " + label, e);
                }
            }
        }
    }

    private List<T> unread(int member) {
        grow(member + 1);
        List<T> all = values.get(member);
        return all.subList(read.get(member), all.size());
    }

    private void grow(int members) {
        while (values.size() < members) {
            values.add(new ArrayList<>());
            read.add(0);
        }
    }

    /** One member's verdict: its unread elements {@code actual} against {@code expected}. */
    private Verdict verdict(Mode mode, List<?> expected, List<T> actual) {
        boolean over = end != End.RUNNING;
        int n = Math.min(actual.size(), expected.size());
        if (mode.ordered()) {
            for (int i = 0; i < n; i++) {
                if (!Objects.equals(actual.get(i), expected.get(i))) {
                    return Verdict.fail("differs at index " + i + ": expected " + show(expected.get(i)) + ", got "
                            + show(actual.get(i)));
                }
            }
        } else {
            Map<Object, Integer> left = counts(expected);
            for (int i = 0; i < n; i++) {
                if (left.merge(actual.get(i), -1, Integer::sum) < 0) {
                    return Verdict.fail(show(actual.get(i)) + " was not expected (or not that many times)");
                }
            }
        }
        if (mode.toTheEnd()) {
            if (actual.size() > expected.size()) {
                return Verdict.fail((actual.size() - expected.size()) + " more than expected: "
                        + actual.subList(expected.size(), actual.size()));
            }
            if (!over) {
                return Verdict.waiting(actual.size() == expected.size() ? "all there; waiting for the flow to complete"
                        : "waiting for " + (expected.size() - actual.size()) + " more and for the flow to complete");
            }
            return actual.size() == expected.size() ? Verdict.pass()
                    : Verdict.fail("missing " + missing(mode, expected, actual) + "; " + endNote());
        }
        if (actual.size() >= expected.size()) {
            return Verdict.pass();
        }
        return over ? Verdict.fail("missing " + missing(mode, expected, actual) + "; " + endNote())
                : Verdict.waiting("waiting for " + (expected.size() - actual.size()) + " more");
    }

    private static String missing(Mode mode, List<?> expected, List<?> actual) {
        if (mode.ordered()) {
            return expected.subList(actual.size(), expected.size()).toString();
        }
        Map<Object, Integer> left = counts(expected);
        actual.forEach(a -> left.merge(a, -1, Integer::sum));
        List<Object> rest = new ArrayList<>();
        left.forEach((value, count) -> {
            for (int i = 0; i < count; i++) {
                rest.add(value);
            }
        });
        return rest.toString();
    }

    private static Map<Object, Integer> counts(List<?> list) {
        Map<Object, Integer> counts = new HashMap<>();
        list.forEach(e -> counts.merge(e, 1, Integer::sum));
        return counts;
    }

    private String endNote() {
        return switch (end) {
            case COMPLETED -> "the flow completed";
            case FAILED -> "the flow failed: " + String.valueOf(failure.getMessage()).lines().findFirst().orElse("");
            case STOPPED -> "the run was stopped";
            case RUNNING -> "the flow is running";
        };
    }

    private String message(Mode mode, Map<Integer, List<?>> expected, Map<Integer, Verdict> verdicts, boolean failed,
                           Duration timeout, String what) {
        StringBuilder m = new StringBuilder(what).append(" on ").append(label == null ? "an output of a flow not "
                + "started with FlowTestKit.start (made at " + site + ")" : label).append(": ");
        if (failed) {
            List<Integer> differ = verdicts.entrySet().stream().filter(v -> v.getValue().status() == Status.FAIL)
                    .map(Map.Entry::getKey).toList();
            m.append(size <= 1 ? "the output differs" : differ.size() == 1 ? "member " + differ.get(0) + " differs"
                    : "members " + differ.toString().replaceAll("[\\[\\]]", "") + " differ");
        } else {
            m.append("timed out after ").append(human(timeout)).append(" (").append(endNote()).append(")");
        }
        m.append(mode.ordered() ? "" : " (in any order)");
        for (Map.Entry<Integer, Verdict> e : verdicts.entrySet()) {
            int member = e.getKey();
            List<T> actual = unread(member);
            int earlier = read.get(member);
            m.append("\n  ").append(size > 1 || verdicts.size() > 1 ? "member " + member + ": " : "")
                    .append("expected ").append(expected.get(member))
                    .append(", actual ").append(actual)
                    .append(earlier > 0 ? " (after " + earlier + " read by earlier assertions)" : "")
                    .append(" -- ").append(e.getValue().status() == Status.PASS ? "ok" : e.getValue().detail());
        }
        return m.toString();
    }

    private static String show(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "output of " + (label == null ? "a flow not started yet (made at " + site + ")" : label) + ": "
                    + (size <= 1 && values.size() <= 1 ? (values.isEmpty() ? List.of() : values.get(0)) : values);
        }
    }
}
