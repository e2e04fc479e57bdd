package io.sluice.examples;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.Tick;
import io.sluice.deploy.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Word count, Hydro's {@code map_reduce}: the leader spreads the lines of a text round-robin over
 * the workers; each worker splits its lines into words and counts them per tick (map and
 * combine); the counts go back to the leader anonymously, which adds them up per word (reduce,
 * commutatively) and prints every word's total once a second while they change, and at the end.
 *
 * <pre>
 * [io.sluice.examples.MapReduce.Leader (process 0)] the: 12
 * </pre>
 *
 * Run: {@code java -jar examples/target/sluice-examples.jar MapReduce [file] [--in-jvm]} (without a
 * file, a built-in text).
 */
public final class MapReduce {

    /** The leader's tag. */
    public static final class Leader {
    }

    /** The workers' tag. */
    public static final class Worker {
    }

    /** The text counted when no file is given. */
    public static final List<String> TEXT = List.of(
            "A stream is a sequence of values that arrive over time",
            "a singleton is one value that changes over time",
            "a tick is a moment in which a member takes what has arrived",
            "and every operator of the tick sees the same batch",
            "values cross the network only where the program says so",
            "so the program says where every value lives and moves");

    private MapReduce() {
    }

    /** The flow: counts the words of {@code lines}. */
    public static void mapReduce(Process<Leader> leader, Cluster<Worker> workers, Iterable<String> lines) {
        Tick<Cluster<Worker>> tick = workers.tick();
        leader.sourceIter(lines)
              .roundRobin(workers)
              .flatMap(MapReduce::words)
              .batch(tick)
              .keyBy(word -> word)
              .count()                                   // map and combine: this tick's counts
              .entries()
              .allTicks()
              .sendAnonymous(leader)
              .<String, Long>intoKeyed()
              .reduceCommutative(Long::sum)              // reduce: the totals so far
              .sampleEvery(Duration.ofSeconds(1))
              .forEach(kv -> System.out.println(kv.key() + ": " + kv.value()));
    }

    /** The words of a line: lower-case runs of letters. */
    static List<String> words(String line) {
        return Arrays.stream(line.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")).filter(w -> !w.isEmpty()).toList();
    }

    public static void main(String[] args) throws IOException {
        List<String> text = args.length > 0 && !args[0].startsWith("-") ? Files.readAllLines(Path.of(args[0])) : TEXT;
        Deployment deployment = new Deployment();
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        mapReduce(leader, workers, text);
        flow.withProcess(leader, Examples.host(deployment, args))
            .withCluster(workers, Collections.nCopies(4, Examples.host(deployment, args)))
            .deploy(deployment);
        deployment.deploy();
        deployment.startCtrlC();
    }
}
