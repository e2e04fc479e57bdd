package io.sluice.examples;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import io.sluice.deploy.FlowRun;
import io.sluice.examples.WorkQueue.Leader;
import io.sluice.examples.WorkQueue.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The work queue: a worker crashes while tasks are assigned to it (in one JVM, and as four JVMs
 * of which one halts); every task is still done and printed once, the leader sees the worker
 * leave, and the flow ends by itself.
 */
class WorkQueueTest {

    private static final int N = 300;
    /** The tasks pause before task {@code K} until the test opens the gate. */
    private static final int K = 90;
    private static final List<int[]> RUNS = Collections.synchronizedList(new ArrayList<>());
    private static CountDownLatch gate = new CountDownLatch(1);
    /**
     * Quicker detection for a test: a node silent for 5 s is unreachable, and the split brain
     * resolver downs it after 2 s of stability rather than the production 7 s: what these tests
     * claim does not depend on how long they wait.
     */
    private static final String QUICK_DOWNING = """
            pekko.cluster.failure-detector.acceptable-heartbeat-pause = 5s
            pekko.cluster.split-brain-resolver.stable-after = 2s
            """;

    @Test
    void everyTaskIsDoneOnceThoughAWorkerCrashesAndTheFlowEndsByItself() {
        RUNS.clear();
        gate = new CountDownLatch(1);
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        WorkQueue.workQueue(leader, workers, WorkQueueTest::gatedTasks, N, (worker, task) -> {
            RUNS.add(new int[] {worker, task});
            return task * task;
        });
        try (FlowRun run = FlowRun.of(flow).config(QUICK_DOWNING).process(leader).cluster(workers, 3).start()) {
            Deployment deployment = run.deployment();
            // Every task before the gate is done: worker 1 holds none when it crashes, and the
            // tasks after it are assigned to worker 1 too until the leader sees it leave.
            awaitResults(deployment, leader, K);
            deployment.crash(workers, 1);
            gate.countDown();
            assertTrue(deployment.awaitCompletion(Duration.ofSeconds(120)), "the flow did not end by itself");

            List<String> out = deployment.stdout(leader);
            for (int t = 0; t < N; t++) {
                String line = "task " + t + " = " + t * t;
                assertEquals(1, out.stream().filter(line::equals).count(), line + " is printed once: " + out);
            }
            assertEquals(List.of("worker 1 LEFT"), out.stream().filter(l -> l.startsWith("worker")).toList());
            assertEquals(N + " of " + N + " tasks done", lastProgress(out, N), "the last progress line: " + out);
        }
        synchronized (RUNS) {
            for (int[] run : RUNS) {
                assertTrue(run[0] != 1 || run[1] < K, "worker 1 ran task " + run[1] + " after it crashed");
            }
        }
    }

    @Test
    void runsAsFourJvmsAndRetriesTheTasksOfAWorkerWhoseJvmDies() throws Exception {
        String leader = "[io.sluice.examples.WorkQueue.Leader (process 0)] ";
        try (JvmRun run = JvmRun.start(WorkQueue.class, JvmRun.QUICK_DETECTION, "120", "--crash")) {
            assertEquals(0, run.awaitExit(Duration.ofMinutes(3)),
                    () -> "exit code; standard error:\n" + String.join("\n", run.err()));
            List<String> out = run.out().stream().filter(l -> l.startsWith(leader))
                    .map(l -> l.substring(leader.length())).toList();
            for (int t = 0; t < 120; t++) {
                String line = "task " + t + " = " + t * t;
                assertEquals(1, out.stream().filter(line::equals).count(), line + " is printed once: " + out);
            }
            assertEquals(List.of("worker 1 LEFT"), out.stream().filter(l -> l.startsWith("worker")).toList());
            assertEquals("120 of 120 tasks done", lastProgress(out, 120), "the last progress line: " + out);
            run.assertNoChildLeftBehind(Duration.ofSeconds(10));
        }
    }

    /**
     * The last of the progress lines: they come from one sink, in order, and the last is the
     * final count; the task lines come from a sibling sink, whose order against them is not
     * promised.
     */
    private static String lastProgress(List<String> out, int total) {
        List<String> progress = out.stream().filter(l -> l.endsWith(" of " + total + " tasks done")).toList();
        assertTrue(!progress.isEmpty(), "no progress line: " + out);
        return progress.get(progress.size() - 1);
    }

    private static void awaitResults(Deployment deployment, Process<Leader> leader, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (deployment.stdout(leader).stream().filter(l -> l.startsWith("task ")).count() < count) {
            assertTrue(System.nanoTime() < deadline, "the tasks before the gate were not done in 60 s");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** 0..N-1, one every millisecond, waiting at K for the gate (a source that blocks its actor: tests only). */
    private static Iterator<Integer> gatedTasks() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                if (next == K) {
                    try {
                        assertTrue(gate.await(90, TimeUnit.SECONDS), "the gate never opened");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return next < N;
            }

            @Override
            public Integer next() {
                try {
                    Thread.sleep(1); // one task a batch: the source never blocks with a batch half built
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return next++;
            }
        };
    }
}
