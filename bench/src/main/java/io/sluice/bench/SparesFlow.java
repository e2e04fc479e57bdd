package io.sluice.bench;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Host;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.SourceQueue;
import io.sluice.deploy.Deployment;
import io.sluice.examples.SparesDemo;
import java.time.Duration;
import java.util.List;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@link SparesDemo}'s W1 sum or keyed count, or the W1 sum fed at run time through a
 * {@link SourceQueue}, on a leader and {@value #WORKERS} workers plus one spare worker, each a
 * {@code localhost()} JVM or all in this JVM: the flows {@link FaultBench} and
 * {@link SnapshotBench} run.
 *
 * @param queue the queue the leader reads, for {@link Workload#QUEUE}: this JVM feeds it ({@link #feed})
 * @param sink  for {@link Workload#QUEUE}: the subscriber of the doubled elements, in this JVM
 * @param port  for {@link Workload#PORT}: the client of the leader's external port, in this JVM
 */
record SparesFlow(Deployment deployment, Process<SparesDemo.Leader> leader, Cluster<SparesDemo.Worker> workers,
                  String resultPrefix, Optional<SourceQueue<Integer>> queue, Optional<SinkTally> sink,
                  Optional<PortClient> port) {

    static final int WORKERS = 4;
    private static final Duration RESULT_WAIT = Duration.ofSeconds(10);
    /** The queue's buffer: offers beyond it wait. */
    private static final int QUEUE_CAPACITY = 8192;

    /** What the leader deals, and how. */
    enum Workload {
        /** W1: {@code 0 .. n-1} from a {@code sourceIter}, round robin, doubled, summed on the leader ({@link SparesDemo#sum}). */
        W1("sum:"),
        /** Keyed counts on the workers ({@link SparesDemo#keyed}). */
        KEYED("keyed:"),
        /**
         * W1 with {@code 0 .. n-1} offered at run time to a {@code sourceQueue} by a thread of this
         * JVM, which hosts the leader: after a restart the leader's member emits again what the
         * source had emitted since the snapshot, from its replay buffer.
         */
        QUEUE("queue:"),
        /**
         * Requests from a client of this JVM to an external port on the leader, in this JVM, each
         * numbered by the worker it is demuxed to ({@link PortClient}): after a restart the
         * leader's member, which keeps the port and the client connected, replays the requests
         * read since the snapshot. The flow never ends by itself: it is done once every request
         * has its answer.
         */
        PORT("port:");

        private final String resultPrefix;

        Workload(String resultPrefix) {
            this.resultPrefix = resultPrefix;
        }

        /** {@code w1}, {@code keyed} or {@code queue}. */
        static Workload of(String name) {
            return switch (name) {
                case "w1" -> W1;
                case "keyed" -> KEYED;
                case "queue" -> QUEUE;
                case "port" -> PORT;
                default -> throw new IllegalArgumentException("workload " + name + ": w1, keyed, queue or port");
            };
        }

        /**
         * The deployment of this workload, with Sluice's defaults. After a restart the port's
         * requests read since the last complete snapshot are replayed and their answers sent
         * again, as fast as the flow makes them: the port paces that burst to what the client
         * reads (its default buffer of 1024 replies full, the port's replies wait).
         */
        Deployment deployment() {
            return new Deployment();
        }

        String label() {
            return switch (this) {
                case W1 -> "W1";
                case KEYED -> "keyed count";
                case QUEUE -> "W1 fed through a sourceQueue (the leader in this JVM)";
                case PORT -> "requests to an external port (the leader and its client in this JVM)";
            };
        }
    }

    /**
     * Builds the flow over {@code n} elements and deploys it on {@code deployment}, not started
     * yet: each member and the spare a JVM of its own, or, with {@code inJvm}, all in this one;
     * for {@link Workload#QUEUE} and {@link Workload#PORT} the leader is in this JVM either way.
     */
    static SparesFlow deploy(Deployment deployment, int n, Workload workload, boolean inJvm) {
        Supplier<Host> host = inJvm ? deployment::inJvm : deployment::localhost;
        FlowBuilder flow = new FlowBuilder();
        Process<SparesDemo.Leader> leader = flow.process(SparesDemo.Leader.class);
        Cluster<SparesDemo.Worker> workers = flow.cluster(SparesDemo.Worker.class);
        Optional<SourceQueue<Integer>> queue = Optional.empty();
        Optional<SinkTally> sink = Optional.empty();
        Optional<PortClient> port = Optional.empty();
        switch (workload) {
            case W1 -> SparesDemo.sum(leader, workers, n);
            case KEYED -> SparesDemo.keyed(leader, workers, n);
            case QUEUE -> {
                sink = Optional.of(new SinkTally(n));
                queue = Optional.of(queued(leader, workers, n, sink.get()));
            }
            case PORT -> port = Optional.of(PortClient.flow(flow, leader, workers, n));
        }
        boolean leaderHere = workload == Workload.QUEUE || workload == Workload.PORT;
        flow.withProcess(leader, leaderHere ? deployment.inJvm() : host.get())
            .withCluster(workers, Stream.generate(host).limit(WORKERS).toList())
            .withSpares(workers, List.of(host.get()))
            .deploy(deployment);
        deployment.deploy();
        return new SparesFlow(deployment, leader, workers, workload.resultPrefix, queue, sink, port);
    }

    /**
     * W1 read from a queue: the leader prints each tenth dealt, and the checked sum at the end;
     * the doubled elements also go to a {@code destSink} whose subscriber, in this JVM,
     * {@linkplain SinkTally checks} that it gets each once.
     */
    private static SourceQueue<Integer> queued(Process<SparesDemo.Leader> leader, Cluster<SparesDemo.Worker> workers,
                                               int n, SinkTally sink) {
        SourceQueue<Integer> queue = SourceQueue.bounded(QUEUE_CAPACITY);
        SparesDemo.sum(leader, workers, SparesDemo.dealt(leader.sourceQueue(queue), n), n, "queue").destSink(sink);
        return queue;
    }

    /**
     * For {@link Workload#QUEUE}: offers {@code 0 .. n-1} to the queue, each once, from a thread of
     * its own (waiting whenever the queue is full), then completes it. For {@link Workload#PORT}:
     * the client connects and sends its requests.
     */
    void feed(int n) {
        port.ifPresent(p -> p.start(deployment));
        queue.ifPresent(q -> {
            Thread feeder = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    CompletableFuture<Void> offered = q.offer(i).toCompletableFuture();
                    if (!offered.isDone()) {
                        offered.join();
                    }
                }
                q.complete();
            }, "queue-feeder");
            feeder.setDaemon(true);
            feeder.start();
        });
    }

    /**
     * Waits until the flow is done: completed, or, for {@link Workload#PORT} (which never ends by
     * itself), every request answered.
     */
    void awaitDone(Duration limit) {
        if (port.isPresent()) {
            port.get().awaitAnswers(limit);
        } else {
            W1Throughput.awaitCompletion(deployment, limit);
        }
    }

    /**
     * The leader's result line, once the flow has completed (waiting up to {@link #RESULT_WAIT}
     * for its output to arrive); fails unless it says the result is exact, or, for
     * {@link Workload#QUEUE}, unless the sink's subscriber got every element once.
     */
    String checkedResult() {
        if (port.isPresent()) {
            return port.get().verify();
        }
        String sum = leaderResult();
        return sink.map(s -> sum + "; " + s.verify()).orElse(sum);
    }

    private String leaderResult() {
        long deadline = System.nanoTime() + RESULT_WAIT.toNanos();
        while (true) {
            List<String> lines = deployment.stdout(leader);
            Optional<String> result = lines.stream().filter(l -> l.startsWith(resultPrefix)).findFirst();
            if (result.isPresent()) {
                if (!result.get().endsWith("exact")) {
                    throw new IllegalStateException("wrong result: " + result.get());
                }
                return result.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no result within " + RESULT_WAIT + " among " + lines);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /**
     * A subscriber that takes everything and checks that it gets each of {@code 2i}, {@code i} in
     * {@code 0 .. n-1}, once, then the end. Its signals come on the leader's operator thread.
     */
    static final class SinkTally implements Flow.Subscriber<Long> {
        private final int n;
        private final BitSet seen;
        private volatile long count;
        private volatile long duplicates;
        private volatile boolean completed;
        private volatile Throwable error;

        SinkTally(int n) {
            this.n = n;
            this.seen = new BitSet(n);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Long item) {
            int i = (int) (item / 2);
            if (seen.get(i)) {
                duplicates++;
            }
            seen.set(i);
            count++;
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
        }

        @Override
        public void onComplete() {
            completed = true;
        }

        /** What it got, once the flow completed; fails unless it got each element once and the end. */
        String verify() {
            String got = "sink: " + count + " elements, " + duplicates + " twice, end " + (completed ? "received" : "missing");
            if (error != null || !completed || duplicates != 0 || count != n || seen.cardinality() != n) {
                throw new IllegalStateException("wrong result: " + got + (error == null ? "" : ", error " + error));
            }
            return got + ": exact";
        }
    }
}
