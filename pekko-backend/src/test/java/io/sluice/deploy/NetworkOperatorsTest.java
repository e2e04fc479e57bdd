package io.sluice.deploy;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.ClusterStream;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.MemberId;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every network operator's routing and tagging, and the local operators, in one flow deployed
 * once on a real in-JVM cluster: a leader and another process, 3 workers and 2 peers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkOperatorsTest {

    static final class Leader {
    }

    static final class Other {
    }

    static final class Worker {
    }

    static final class Peer {
    }

    private static final int WORKERS = 3;
    private static final int PEERS = 2;
    /** Elements each worker sends anonymously, to check the order per sender at volume. */
    private static final int VOLUME = 40_000;
    private static final Recorded SEEN = new Recorded();

    private FlowRun run;
    private Process<Leader> leader;
    private Cluster<Worker> workers;
    private Process<Other> other;

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    @BeforeAll
    void runTheFlow() {
        SEEN.clear();
        FlowBuilder flow = new FlowBuilder();
        leader = flow.process(Leader.class);
        workers = flow.cluster(Worker.class);
        other = flow.process(Other.class);
        Cluster<Peer> peers = flow.cluster(Peer.class);

        // process -> process
        leader.sourceIter(range(0, 5)).send(other).forEach(x -> SEEN.add("send p->p", x));
        // process -> cluster
        leader.sourceIter(range(0, 10)).roundRobin(workers)
              .forEach(x -> SEEN.add("roundRobin p->c / " + workers.selfId().raw(), x));
        leader.sourceIter(range(0, 5)).broadcast(workers)
              .forEach(x -> SEEN.add("broadcast p->c / " + workers.selfId().raw(), x));
        leader.sourceIter(range(0, 9)).map(x -> KV.of(MemberId.<Worker>of(x % WORKERS), x))
              .<Worker, Integer>demux(workers)
              .forEach(x -> SEEN.add("demux p->c / " + workers.selfId().raw(), x));
        // cluster -> process
        ClusterStream<String, Worker> letters = workers.sourceIter(List.of("a", "b", "c"))
                .map(s -> s + workers.selfId().raw());
        letters.send(other).forEach(kv -> SEEN.add("send c->p / " + kv.key().raw(), kv.value()));
        letters.sendAnonymous(other).forEach(s -> SEEN.add("sendAnonymous c->p", s));
        workers.sourceIter(range(0, VOLUME)).map(i -> KV.of(workers.selfId().raw(), i)).sendAnonymous(other)
               .forEach(kv -> SEEN.add("sendAnonymous volume", kv));
        // cluster -> cluster
        ClusterStream<Integer, Worker> numbers = workers.sourceIter(range(0, 4));
        numbers.roundRobin(peers).forEach(kv -> SEEN.add("roundRobin c->c / " + peers.selfId().raw(), kv));
        numbers.broadcast(peers).forEach(kv -> SEEN.add("broadcast c->c / " + peers.selfId().raw(), kv));
        numbers.map(i -> KV.of(MemberId.<Peer>of(i % PEERS), i * 10)).<Peer, Integer>demux(peers)
               .forEach(kv -> SEEN.add("demux c->c / " + peers.selfId().raw(), kv));
        numbers.map(i -> KV.of(MemberId.<Peer>of((i + 1) % PEERS), i)).<Peer, Integer>send(peers)
               .forEach(kv -> SEEN.add("send c->c / " + peers.selfId().raw(), kv));
        // member ids inside operator code
        workers.sourceIter(List.of(0))
               .map(x -> workers.selfId().raw() + "/" + workers.members().size() + "/" + peers.members())
               .sendAnonymous(leader)
               .forEach(s -> SEEN.add("ids", s));
        // local operators
        ProcessStream<Integer, Leader> local = leader.sourceIter(range(1, 7));
        local.filter(x -> x % 2 == 0)
             .flatMap(x -> List.of(x, x + 100))
             .filterMap(x -> x > 100 ? Optional.of("big " + x) : Optional.empty())
             .enumerate()
             .inspect(kv -> System.out.println(kv.key() + ":" + kv.value()))
             .forEach(kv -> SEEN.add("local", kv));
        local.map(x -> -x).union(leader.sourceIter(List.of(1000))).forEach(x -> SEEN.add("union", x));

        run = FlowRun.of(flow).process(leader).cluster(workers, WORKERS).process(other).cluster(peers, PEERS).start();
        run.awaitCompletion(Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void sendBetweenProcessesKeepsOrder() {
        assertEquals(List.of(0, 1, 2, 3, 4), SEEN.get("send p->p"));
    }

    @Test
    void roundRobinSendsElementIToMemberIModN() {
        assertEquals(List.of(0, 3, 6, 9), SEEN.get("roundRobin p->c / 0"));
        assertEquals(List.of(1, 4, 7), SEEN.get("roundRobin p->c / 1"));
        assertEquals(List.of(2, 5, 8), SEEN.get("roundRobin p->c / 2"));
    }

    @Test
    void broadcastSendsEverythingToEveryMember() {
        for (int m = 0; m < WORKERS; m++) {
            assertEquals(List.of(0, 1, 2, 3, 4), SEEN.get("broadcast p->c / " + m));
        }
    }

    @Test
    void demuxSendsEachValueToTheMemberItNames() {
        assertEquals(List.of(0, 3, 6), SEEN.get("demux p->c / 0"));
        assertEquals(List.of(1, 4, 7), SEEN.get("demux p->c / 1"));
        assertEquals(List.of(2, 5, 8), SEEN.get("demux p->c / 2"));
    }

    @Test
    void sendFromAClusterTagsEachElementWithItsSender() {
        for (int m = 0; m < WORKERS; m++) {
            assertEquals(List.of("a" + m, "b" + m, "c" + m), SEEN.get("send c->p / " + m));
        }
    }

    @Test
    void sendAnonymousDropsTheIdsAndKeepsEveryElement() {
        List<String> got = new ArrayList<>(SEEN.get("sendAnonymous c->p").stream().map(String.class::cast).toList());
        Collections.sort(got);
        assertEquals(List.of("a0", "a1", "a2", "b0", "b1", "b2", "c0", "c1", "c2"), got);
    }

    @Test
    @SuppressWarnings("unchecked")
    void sendAnonymousKeepsTheOrderOfEachSenderAtVolume() {
        List<List<Integer>> bySender = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            bySender.add(new ArrayList<>());
        }
        for (Object o : SEEN.get("sendAnonymous volume")) {
            KV<Integer, Integer> kv = (KV<Integer, Integer>) o;   // (the sender, written by itself, element)
            bySender.get(kv.key()).add(kv.value());
        }
        List<Integer> expected = IntStream.range(0, VOLUME).boxed().toList();
        for (int w = 0; w < WORKERS; w++) {
            assertTrue(expected.equals(bySender.get(w)), "worker " + w + "'s " + VOLUME + " elements, once each and in"
                    + " order; got " + bySender.get(w).size() + " elements, first out of order at index "
                    + firstDifference(expected, bySender.get(w)));
        }
    }

    private static int firstDifference(List<Integer> expected, List<Integer> got) {
        int i = 0;
        while (i < expected.size() && i < got.size() && expected.get(i).equals(got.get(i))) {
            i++;
        }
        return i;
    }

    @Test
    void roundRobinBetweenClustersIsPerSenderAndTagged() {
        for (int p = 0; p < PEERS; p++) {
            for (int w = 0; w < WORKERS; w++) {
                List<Object> expected = new ArrayList<>();
                for (int i = p; i < 4; i += PEERS) {
                    expected.add(KV.of(MemberId.of(w), i));
                }
                assertEquals(expected, fromSender("roundRobin c->c / " + p, w));
            }
        }
    }

    @Test
    void broadcastBetweenClustersIsTagged() {
        for (int p = 0; p < PEERS; p++) {
            for (int w = 0; w < WORKERS; w++) {
                assertEquals(List.of(KV.of(MemberId.of(w), 0), KV.of(MemberId.of(w), 1), KV.of(MemberId.of(w), 2),
                        KV.of(MemberId.of(w), 3)), fromSender("broadcast c->c / " + p, w));
            }
        }
    }

    @Test
    void demuxAndSendBetweenClustersAddressAndTag() {
        for (int w = 0; w < WORKERS; w++) {
            MemberId<Object> from = MemberId.of(w);
            assertEquals(List.of(KV.of(from, 0), KV.of(from, 20)), fromSender("demux c->c / 0", w));
            assertEquals(List.of(KV.of(from, 10), KV.of(from, 30)), fromSender("demux c->c / 1", w));
            assertEquals(List.of(KV.of(from, 1), KV.of(from, 3)), fromSender("send c->c / 0", w));
            assertEquals(List.of(KV.of(from, 0), KV.of(from, 2)), fromSender("send c->c / 1", w));
        }
    }

    @Test
    void operatorCodeSeesItsMemberIdAndTheMembers() {
        List<String> got = new ArrayList<>(SEEN.get("ids").stream().map(String.class::cast).toList());
        Collections.sort(got);
        assertEquals(List.of("0/3/[MemberId(0), MemberId(1)]", "1/3/[MemberId(0), MemberId(1)]",
                "2/3/[MemberId(0), MemberId(1)]"), got);
    }

    @Test
    void localOperatorsComposeInOrder() {
        assertEquals(List.of(KV.of(0L, "big 102"), KV.of(1L, "big 104"), KV.of(2L, "big 106")), SEEN.get("local"));
    }

    @Test
    void unionKeepsTheOrderOfEachInput() {
        List<Object> got = SEEN.get("union");
        assertEquals(7, got.size());
        assertEquals(List.of(-1, -2, -3, -4, -5, -6), got.stream().filter(x -> (Integer) x < 0).toList());
        assertTrue(got.contains(1000));
    }

    @Test
    void printedLinesAreKeptPerMember() {
        assertEquals(List.of("0:big 102", "1:big 104", "2:big 106"),
                run.deployment().stdout(leader));
    }

    private static List<Object> fromSender(String key, int sender) {
        return SEEN.get(key).stream().filter(kv -> ((KV<?, ?>) kv).key().equals(MemberId.of(sender))).toList();
    }
}
