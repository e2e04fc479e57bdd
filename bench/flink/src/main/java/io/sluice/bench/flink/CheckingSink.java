package io.sluice.bench.flink;

import java.io.Serializable;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The leader's sink of a job, run with parallelism 1: feeds every element to a fresh
 * {@link Check} and, at the end of input, verifies it (a wrong result fails the job) and stamps
 * the end of the run.
 *
 * @param <T> the element type
 */
final class CheckingSink<T> implements Sink<T> {

    /** The exact check of a run's result. */
    interface Check<T> {
        /** Takes one element that reached the leader. */
        void add(T element);

        /**
         * Checks the totals at the end of input.
         *
         * @throws IllegalStateException with {@code WRONG RESULT: ...} when they are not exact
         */
        void verify();
    }

    /** Makes a run's check on the task manager. */
    interface CheckFactory<T> extends Serializable {
        Check<T> create();
    }

    private final CheckFactory<T> factory;

    CheckingSink(CheckFactory<T> factory) {
        this.factory = factory;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Check<T> check = factory.create();
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                check.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {
                if (endOfInput) {
                    check.verify();
                    RunClock.end();
                }
            }

            @Override
            public void close() {
            }
        };
    }
}
