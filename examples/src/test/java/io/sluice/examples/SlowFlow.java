package io.sluice.examples;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A test program: a leader feeds 2 workers one number every 100 ms, 600 of them (or as many as
 * a numeric argument says). With the argument {@code crash}, worker 1's JVM halts with exit code
 * 7 on its third element; with {@code watch}, the leader watches the workers' membership and
 * prints it, so that the flow survives that. Exits with 1 and the failure on standard error
 * when the flow fails.
 */
public final class SlowFlow {

    /** The leader's tag. */
    public static final class Leader {
    }

    /** The workers' tag. */
    public static final class Worker {
    }

    private SlowFlow() {
    }

    public static void main(String[] args) {
        List<String> options = List.of(args);
        boolean crash = options.contains("crash");
        int count = options.stream().filter(a -> a.chars().allMatch(Character::isDigit)).findFirst()
                .map(Integer::parseInt).orElse(600);
        Deployment deployment = new Deployment();
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        if (options.contains("watch")) {
            leader.sourceClusterMembers(workers).forEach(e -> System.out.println(e.member() + " " + e.change()));
        }
        leader.sourceIter(() -> slowNumbers(count))
              .roundRobin(workers)
              .inspect(n -> {
                  if (crash && workers.selfId().raw() == 1 && n >= 3) {
                      Runtime.getRuntime().halt(7);
                  }
                  System.out.println(n);
              })
              .sendAnonymous(leader)
              .forEach(n -> { });
        flow.withProcess(leader, deployment.localhost())
            .withCluster(workers, Collections.nCopies(2, deployment.localhost()))
            .deploy(deployment);
        try {
            deployment.deploy();
            deployment.startCtrlC();
        } catch (FlowFailedException e) {
            System.err.println("FLOW FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    /** {@code count} numbers, one every 100 ms: a source that blocks its actor, acceptable only in a test. */
    private static Iterator<Integer> slowNumbers(int count) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Integer next() {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return next++;
            }
        };
    }
}
