package io.sluice.examples;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import java.util.List;

/**
 * The smallest flow: one process prints the first ten numbers, doubled.
 *
 * <pre>
 * [io.sluice.examples.FirstTen.P1 (process 0)] 0
 * [io.sluice.examples.FirstTen.P1 (process 0)] 2
 * ...
 * </pre>
 */
public final class FirstTen {

    /** The tag of the only process. */
    public static final class P1 {
    }

    private FirstTen() {
    }

    /** The flow: {@code 0..9}, doubled, printed. */
    public static void firstTen(Process<P1> process) {
        process.sourceIter(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9))
               .map(n -> n * 2)
               .forEach(n -> System.out.println(n));
    }

    public static void main(String[] args) {
        Deployment deployment = new Deployment();
        FlowBuilder flow = new FlowBuilder();
        Process<P1> process = flow.process(P1.class);
        firstTen(process);
        flow.withProcess(process, Examples.host(deployment, args)).deploy(deployment);
        deployment.deploy();
        deployment.startCtrlC();
    }
}
