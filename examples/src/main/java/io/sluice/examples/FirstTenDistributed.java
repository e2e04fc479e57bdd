package io.sluice.examples;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import java.util.List;

/**
 * Two processes: the first sends the numbers 0..9 to the second, which prints them in order
 * (Hydro's "first ten distributed").
 *
 * <pre>
 * [io.sluice.examples.FirstTenDistributed.P2 (process 1)] 0
 * [io.sluice.examples.FirstTenDistributed.P2 (process 1)] 1
 * ...
 * </pre>
 */
public final class FirstTenDistributed {

    /** The sending process's tag. */
    public static final class P1 {
    }

    /** The receiving process's tag. */
    public static final class P2 {
    }

    private FirstTenDistributed() {
    }

    /** The flow: {@code 0..9} from p1 to p2, printed on p2. */
    public static void firstTenDistributed(Process<P1> p1, Process<P2> p2) {
        p1.sourceIter(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9))
          .send(p2)
          .forEach(n -> System.out.println(n));
    }

    public static void main(String[] args) {
        Deployment deployment = new Deployment();
        FlowBuilder flow = new FlowBuilder();
        Process<P1> p1 = flow.process(P1.class);
        Process<P2> p2 = flow.process(P2.class);
        firstTenDistributed(p1, p2);
        flow.withProcess(p1, Examples.host(deployment, args))
            .withProcess(p2, Examples.host(deployment, args))
            .deploy(deployment);
        deployment.deploy();
        deployment.startCtrlC();
    }
}
