package io.sluice.bench.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * W1, W4 and W5 as Flink streaming jobs with the Sluice bench's shape: a "leader" source of
 * parallelism 1, 4 "workers" (parallelism 4), and a "leader" sink of parallelism 1 that checks
 * the result exactly. Flink's defaults otherwise (pipelined streaming mode, operator chaining,
 * no object reuse, the heap state backend).
 */
final class FlinkJobs {

    /** Parallelism of the workers' operators. */
    static final int WORKERS = 4;

    private FlinkJobs() {
    }

    /** W1: {@code 0 .. n-1}, rebalanced to the workers, doubled, counted and summed at the leader. */
    static void w1(StreamExecutionEnvironment env, long n) {
        leaderSource(env, n, x -> x, Types.LONG)
                .rebalance()
                .map(x -> x * 2).returns(Types.LONG).setParallelism(WORKERS)
                .sinkTo(new CheckingSink<Long>(() -> new Checks.Doubled(n))).setParallelism(1);
    }

    /** W4: key {@code i % 100_000}, partitioned by key, counted per key; the final counts go to the leader. */
    static void w4(StreamExecutionEnvironment env, long n) {
        leaderSource(env, n, i -> (int) (i % Checks.KEYS), Types.INT)
                .keyBy(k -> k, Types.INT)
                .process(new CountPerKey()).setParallelism(WORKERS)
                .sinkTo(new CheckingSink<KeyCount>(() -> new Checks.PerKey(n))).setParallelism(1);
    }

    /** W5: {@code Event}s rebalanced to the workers, mapped to {@code Scored}, checked at the leader. */
    static void w5(StreamExecutionEnvironment env, long n) {
        leaderSource(env, n, i -> new Event(i, Checks.stringKey(i), i), TypeInformation.of(Event.class))
                .rebalance()
                .map(e -> new Scored(e.id(), e.key(), e.value() * 2)).returns(TypeInformation.of(Scored.class))
                .setParallelism(WORKERS)
                .sinkTo(new CheckingSink<Scored>(() -> new Checks.Records(n))).setParallelism(1);
    }

    /** {@code 0 .. n-1} on the leader (parallelism 1), through {@code fn} into {@code type}s, stamping the run's start. */
    private static <T> DataStream<T> leaderSource(StreamExecutionEnvironment env, long n, LeaderFn<T> fn,
                                                  TypeInformation<T> type) {
        return env.fromSequence(0, n - 1).setParallelism(1)
                  .map(new StampingMap<>(fn), type).setParallelism(1);
    }

    /** What the leader makes of element {@code i}. */
    interface LeaderFn<T> extends java.io.Serializable {
        T apply(long i);
    }

    /** The leader's map: stamps the run's start on its first element. */
    private static final class StampingMap<T> extends RichMapFunction<Long, T> {
        private final LeaderFn<T> fn;
        private transient boolean started;

        StampingMap(LeaderFn<T> fn) {
            this.fn = fn;
        }

        @Override
        public T map(Long i) {
            if (!started) {
                started = true;
                RunClock.start();
            }
            return fn.apply(i);
        }
    }

    /** A worker's per-key count, emitted once per key when the input ends (the final watermark fires the timers). */
    private static final class CountPerKey extends KeyedProcessFunction<Integer, Integer, KeyCount> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Integer key, Context ctx, Collector<KeyCount> out) throws Exception {
            Long c = count.value();
            if (c == null) {
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
                c = 0L;
            }
            count.update(c + 1);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<KeyCount> out) throws Exception {
            out.collect(new KeyCount(ctx.getCurrentKey(), count.value()));
        }
    }
}
