package io.sluice.examples;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A test program, run in a fresh JVM, whose workers print with {@code inspect(System.out::println)}
 * and with {@code inspect(s -> System.out.println(s))}. With {@code in-jvm} (every member an
 * ActorSystem here) it runs three deployments one after the other: the method reference, then
 * the lambda, then the method reference again. With {@code localhost} (a JVM per member, each
 * running this program again, so one deployment only) the workers print both ways. After each
 * deployment it prints, unprefixed, a {@code RESULT} line with what {@code stdout()} kept for the
 * workers (grouped by form, each form in order) and whether {@code System.out} is the JVM's original stream again.
 */
public final class PrintingFlow {

    /** The leader's tag. */
    public static final class Leader {
    }

    /** The workers' tag. */
    public static final class Worker {
    }

    private PrintingFlow() {
    }

    /** The lines printed through the method reference, then those through the lambda, each in order. */
    private static String byForm(List<String> lines) {
        return Stream.concat(lines.stream().filter(l -> l.startsWith("reference")),
                lines.stream().filter(l -> l.startsWith("lambda"))).collect(Collectors.joining(","));
    }

    public static void main(String[] args) {
        boolean inJvm = args[0].equals("in-jvm");
        PrintStream original = System.out;
        for (String form : inJvm ? List.of("reference", "lambda", "reference") : List.of("both")) {
            List<String> kept;
            try (Deployment deployment = new Deployment()) {
                FlowBuilder flow = new FlowBuilder();
                Process<Leader> leader = flow.process(Leader.class);
                Cluster<Worker> workers = flow.cluster(Worker.class);
                var numbers = leader.sourceIter(List.of(1, 2, 3, 4)).roundRobin(workers);
                var printed = switch (form) {
                    case "reference" -> numbers.map(n -> "reference " + n).inspect(System.out::println);
                    case "lambda" -> numbers.map(n -> "lambda " + n).inspect(s -> System.out.println(s));
                    default -> numbers.map(n -> "reference " + n).inspect(System.out::println)
                            .map(s -> s.replace("reference", "lambda")).inspect(s -> System.out.println(s));
                };
                printed.sendAnonymous(leader).forEach(s -> { });
                flow.withProcess(leader, inJvm ? deployment.inJvm() : deployment.localhost())
                    .withCluster(workers, Collections.nCopies(2, inJvm ? deployment.inJvm() : deployment.localhost()))
                    .deploy(deployment);
                deployment.deploy();
                deployment.start();
                if (!deployment.awaitCompletion(Duration.ofMinutes(1))) {
                    throw new IllegalStateException("the flow did not complete");
                }
                kept = List.of(byForm(deployment.stdout(workers, 0)), byForm(deployment.stdout(workers, 1)));
            }
            original.println("RESULT " + form + " 0=[" + kept.get(0) + "] 1=[" + kept.get(1) + "] restored="
                    + (System.out == original));
        }
    }
}
