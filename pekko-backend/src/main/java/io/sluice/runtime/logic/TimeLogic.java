package io.sluice.runtime.logic;

import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.MembershipEvent;
import io.sluice.dataflow.ir.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/** Operators driven by the clock of the JVM or by the cluster: intervals, samples, timeouts, membership. */
public final class TimeLogic {

    /** The finest timer period: a timeout is noticed within this much of its deadline at worst. */
    private static final Duration MIN_PERIOD = Duration.ofMillis(5);

    private TimeLogic() {
    }

    static OperatorLogic interval(Node.SourceInterval node) {
        return new Interval(node.period());
    }

    static OperatorLogic sample(Node.SampleEvery node) {
        return new Sample(Optional.of(node.period()), node.keyed());
    }

    /** A sample with no period: only the final value, when the input ends. */
    static OperatorLogic atEnd(Node.AtEnd node) {
        return new Sample(Optional.empty(), node.keyed());
    }

    /** @param nanoTime the clock the silence is measured on ({@code System::nanoTime} but in tests) */
    static OperatorLogic timeout(Node.Timeout node, LongSupplier nanoTime) {
        return new Timeout(node.after(), nanoTime);
    }

    /** @param sizes members per location, by location id */
    static OperatorLogic members(Node.ClusterMembers node, List<Integer> sizes) {
        return new Members(node.cluster(), sizes.get(node.cluster()));
    }

    /** The current instant every period, forever. */
    private record Interval(Duration period) implements OperatorLogic {
        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
        }

        @Override
        public Optional<Duration> timerPeriod() {
            return Optional.of(period);
        }

        @Override
        public void onTimer(Emitter out) {
            out.emit(Instant.now());
        }

        @Override
        public boolean isQuiet() {
            return false;
        }
    }

    /**
     * The latest value (per key when keyed), emitted at each period if it changed (when it has
     * a period), and at the end.
     */
    private static final class Sample implements OperatorLogic {
        private final Optional<Duration> period;
        private final boolean keyed;
        private final Map<Object, Object> latest = new LinkedHashMap<>();
        private boolean changed;

        Sample(Optional<Duration> period, boolean keyed) {
            this.period = period;
            this.keyed = keyed;
        }

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            for (Object e : elements) {
                latest.put(keyOf(e), e);
                changed = true;
            }
        }

        private Object keyOf(Object element) {
            return keyed ? ((KV<?, ?>) element).key() : Sample.class;
        }

        /** Whether the values changed since they were last emitted, then the latest values. */
        @Override
        public Object[] snapshot() {
            Object[] state = new Object[1 + latest.size()];
            state[0] = changed;
            int i = 1;
            for (Object e : latest.values()) {
                state[i++] = e;
            }
            return state;
        }

        @Override
        public void restore(Object[] state) {
            changed = (Boolean) state[0];
            for (int i = 1; i < state.length; i++) {
                latest.put(keyOf(state[i]), state[i]);
            }
        }

        @Override
        public Optional<Duration> timerPeriod() {
            return period;
        }

        @Override
        public void onTimer(Emitter out) {
            if (changed) {
                latest.values().forEach(out::emit);
                changed = false;
            }
        }

        @Override
        public void onComplete(Emitter out) {
            onTimer(out);
        }

        /** Quiet unless a timer would emit: a final-value-only sample emits when its input ends, not before. */
        @Override
        public boolean isQuiet() {
            return period.isEmpty() || !changed;
        }
    }

    /** The instant at which the input has been silent for {@code after}, once per silence. */
    private static final class Timeout implements OperatorLogic {
        private final Duration after;
        private final LongSupplier nanoTime;
        private long lastSeen;
        private boolean fired;

        Timeout(Duration after, LongSupplier nanoTime) {
            this.after = after;
            this.nanoTime = nanoTime;
            this.lastSeen = nanoTime.getAsLong();
        }

        @Override
        public void onStart(Emitter out) {
            lastSeen = nanoTime.getAsLong();
        }

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
            if (elements.length > 0) {
                lastSeen = nanoTime.getAsLong();
                fired = false;
            }
        }

        @Override
        public Optional<Duration> timerPeriod() {
            Duration quarter = after.dividedBy(4);
            return Optional.of(quarter.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : quarter);
        }

        @Override
        public void onTimer(Emitter out) {
            if (!fired && nanoTime.getAsLong() - lastSeen >= after.toNanos()) {
                fired = true;
                out.emit(Instant.now());
            }
        }

        @Override
        public boolean isQuiet() {
            return fired;
        }

        /** Whether it fired for the current silence; the silence itself is measured again from the restart. */
        @Override
        public Object[] snapshot() {
            return new Object[] {fired};
        }

        @Override
        public void restore(Object[] state) {
            fired = (Boolean) state[0];
        }
    }

    /**
     * Every member of the cluster, joined, once the flow runs; then each member that leaves
     * early (one that left before the start is reported just after its join). Ends when the
     * cluster has settled: every member finished or left.
     */
    private static final class Members implements OperatorLogic {
        private final int cluster;
        private final int size;
        private final List<Integer> leftBeforeStart = new ArrayList<>();
        private boolean started;
        private boolean settled;

        Members(int cluster, int size) {
            this.cluster = cluster;
            this.size = size;
        }

        @Override
        public void onBatch(int port, int sender, Object[] elements, Emitter out) {
        }

        @Override
        public void onStart(Emitter out) {
            started = true;
            for (int m = 0; m < size; m++) {
                out.emit(new MembershipEvent<>(MemberId.of(m), MembershipEvent.Change.JOINED));
            }
            leftBeforeStart.forEach(m -> out.emit(new MembershipEvent<>(MemberId.of(m), MembershipEvent.Change.LEFT)));
        }

        @Override
        public void onMemberLeft(int location, int member, Emitter out) {
            if (location != cluster) {
                return;
            }
            if (started) {
                out.emit(new MembershipEvent<>(MemberId.of(member), MembershipEvent.Change.LEFT));
            } else {
                leftBeforeStart.add(member);
            }
        }

        @Override
        public void onClusterSettled(int location) {
            settled |= location == cluster;
        }

        @Override
        public boolean isExhausted() {
            return settled;
        }
    }
}
