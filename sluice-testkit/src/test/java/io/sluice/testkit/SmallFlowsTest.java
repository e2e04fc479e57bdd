package io.sluice.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.Tick;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ten small flows on one kit, each on a real cluster of three ActorSystems in this JVM: the
 * systems are made once for the class, so that each flow after the first costs a fraction of a
 * second. {@link ClassTimer} prints the class's time (the acceptance bound is 15 s).
 */
@ExtendWith(ClassTimer.class)
class SmallFlowsTest {

    static final class Leader {
    }

    static final class Worker {
    }

    @RegisterExtension
    static final FlowTestKit kit = FlowTestKit.withSystems(3);

    private final FlowBuilder flow = new FlowBuilder();
    private final Process<Leader> leader = flow.process(Leader.class);
    private final Cluster<Worker> workers = flow.cluster(Worker.class);

    @Test
    void aProcessMapsItsSourceInOrder() {
        Output<String> out = kit.collect(leader.sourceIter(List.of(1, 2, 3)).map(n -> "n" + n));
        kit.start(flow);
        out.assertYieldsOnly("n1", "n2", "n3");
    }

    @Test
    void roundRobinGivesMemberKTheElementsWithIndexKModN() {
        ClusterOutput<Integer, Worker> shares = kit.collect(leader.sourceIter(IntStream.range(0, 9).boxed().toList())
                .roundRobin(workers));
        kit.start(flow);
        shares.assertYieldsOnly(List.of(0, 3, 6), List.of(1, 4, 7), List.of(2, 5, 8));
    }

    @Test
    void broadcastGivesEveryMemberEveryElement() {
        ClusterOutput<String, Worker> all = kit.collect(leader.sourceIter(List.of("a", "b")).broadcast(workers));
        kit.start(flow);
        all.assertYieldsOnly(List.of("a", "b"), List.of("a", "b"), List.of("a", "b"));
    }

    @Test
    void sendFromAClusterTagsEachElementWithItsSender() {
        Output<KV<MemberId<Worker>, String>> tagged = kit.collect(workers.sourceIter(List.of("hi")).send(leader));
        kit.start(flow);
        tagged.assertYieldsOnlyUnordered(KV.of(MemberId.of(0), "hi"), KV.of(MemberId.of(1), "hi"),
                KV.of(MemberId.of(2), "hi"));
    }

    @Test
    void sendAnonymousGathersTheWorkersResultsInSomeOrder() {
        Output<Integer> gathered = kit.collect(leader.sourceIter(List.of(1, 2, 3, 4, 5, 6)).roundRobin(workers)
                .map(n -> n * n).sendAnonymous(leader));
        kit.start(flow);
        gathered.assertYieldsOnlyUnordered(1, 4, 9, 16, 25, 36);
    }

    @Test
    void aProcessInputIsAnsweredElementByElement() {
        ProcessInput<Integer, Leader> numbers = kit.input(leader, Integer.class);
        Output<Integer> doubled = kit.collect(numbers.stream().map(n -> n * 2));
        kit.start(flow);
        numbers.push(1);
        doubled.assertYields(2);
        numbers.push(2, 3);
        doubled.assertYields(4, 6);
        numbers.complete();
        doubled.assertYieldsOnly();
    }

    @Test
    void aClusterInputReachesOneMemberOrAll() {
        ClusterInput<String, Worker> commands = kit.input(flow, workers, String.class);
        ClusterOutput<String, Worker> seen = kit.collect(commands.stream().map(s -> s + "@" + workers.selfId().raw()));
        kit.start(flow);
        commands.push(1, "a", "b");
        seen.member(1).assertYields("a@1", "b@1");
        commands.pushToAll("c");
        commands.complete();
        seen.assertYieldsOnly(List.of("c@0"), List.of("c@1"), List.of("c@2"));
    }

    @Test
    void demuxSendsEachValueToTheMemberItNames() {
        ClusterOutput<Integer, Worker> routed = kit.collect(leader.sourceIter(List.of(5, 6, 7, 8))
                .map(n -> KV.of(MemberId.<Worker>of(n % 2), n))
                .demux(workers));
        kit.start(flow, Map.of(workers, 2));
        routed.assertYieldsOnly(List.of(6, 8), List.of(5, 7));
    }

    @Test
    void perTickCountsOnTheWorkersAddUpToTheInput() {
        Tick<Cluster<Worker>> tick = workers.tick();
        Output<Long> counts = kit.collect(leader.sourceIter(IntStream.range(0, 30).boxed().toList())
                .roundRobin(workers)
                .batch(tick)
                .count()
                .intoStream()
                .allTicks()
                .sendAnonymous(leader));
        kit.start(flow).awaitCompletion();
        // How the elements fall into ticks varies from run to run; their sum does not.
        assertEquals(30L, counts.values().stream().mapToLong(Long::longValue).sum(), counts.toString());
    }

    @Test
    void aFlowOfFiveWorkersSharesThreeSystems() {
        ClusterOutput<Integer, Worker> ids = kit.collect(workers.sourceIter(List.of(0)).map(x -> workers.selfId().raw()));
        TestRun run = kit.start(flow, Map.of(workers, 5));
        ids.assertYieldsOnly(List.of(0), List.of(1), List.of(2), List.of(3), List.of(4));
        run.awaitCompletion();
        assertEquals(5, ids.values().size());
    }
}
