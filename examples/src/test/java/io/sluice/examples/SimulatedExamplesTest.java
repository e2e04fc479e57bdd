package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.Deployer;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.External;
import io.sluice.dataflow.Host;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.SourceQueue;
import io.sluice.deploy.ExternalClient;
import io.sluice.testkit.FlowTestKit;
import io.sluice.testkit.TestRun;
import io.sluice.testkit.sim.SimBody;
import io.sluice.testkit.sim.SimClient;
import io.sluice.testkit.sim.Simulation;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every example whose output is deterministic prints the same in the simulator, under every
 * schedule it tries, as on a real cluster: {@code FirstTen}, {@code FirstTenDistributed},
 * {@code FirstTenCluster} and {@code MapReduce}, built by the examples' own flow methods, all in
 * one flow; {@code EchoServer} and {@code Chat}, with real clients on the cluster and simulated
 * ones; and {@code EmbeddedApp}'s pricing flow, whose {@code ActorSource} and {@code ActorSink}
 * (an actor on another thread cannot feed the simulator) give way to a {@code SourceQueue} the
 * test offers to and a subscriber that keeps the prices, on both. What is deterministic is
 * compared exactly: every process's and worker's lines in order, except where
 * {@code sendAnonymous} merges workers (the leader's numbers and the shop's prices, as multisets)
 * and where {@code sampleEvery} samples a running total (each word's final count).
 */
class SimulatedExamplesTest {

    private static final int WORKERS = 4;

    @RegisterExtension
    static final FlowTestKit KIT = FlowTestKit.withSystems(3);

    /** The examples' locations in one flow. */
    private record Examples(Process<FirstTen.P1> firstTen, Process<FirstTenDistributed.P1> sender,
                            Process<FirstTenDistributed.P2> receiver, Process<FirstTenCluster.Leader> leader,
                            Cluster<FirstTenCluster.Worker> workers, Process<MapReduce.Leader> reducer,
                            Cluster<MapReduce.Worker> mappers) {

        static Examples build(FlowBuilder flow) {
            Examples e = new Examples(flow.process(FirstTen.P1.class), flow.process(FirstTenDistributed.P1.class),
                    flow.process(FirstTenDistributed.P2.class), flow.process(FirstTenCluster.Leader.class),
                    flow.cluster(FirstTenCluster.Worker.class), flow.process(MapReduce.Leader.class),
                    flow.cluster(MapReduce.Worker.class));
            FirstTen.firstTen(e.firstTen);
            FirstTenDistributed.firstTenDistributed(e.sender, e.receiver);
            FirstTenCluster.firstTenCluster(e.leader, e.workers);
            MapReduce.mapReduce(e.reducer, e.mappers, MapReduce.TEXT);
            return e;
        }

        void place(FlowBuilder flow, Supplier<Host> host, Deployer deployer) {
            List<Host> members = IntStream.range(0, WORKERS).mapToObj(m -> host.get()).toList();
            flow.withProcess(firstTen, host.get()).withProcess(sender, host.get()).withProcess(receiver, host.get())
                .withProcess(leader, host.get()).withCluster(workers, members)
                .withProcess(reducer, host.get()).withCluster(mappers, members)
                .deploy(deployer);
        }

        /** What the examples printed, reduced to what does not depend on the schedule. */
        Printed printed(Function<Process<?>, List<String>> process, BiFunction<Cluster<?>, Integer, List<String>> member) {
            Map<String, String> finalCounts = new TreeMap<>();
            for (String line : process.apply(reducer)) {
                String[] kv = line.split(": ");
                finalCounts.put(kv[0], kv[1]);
            }
            return new Printed(process.apply(firstTen), process.apply(receiver),
                    IntStream.range(0, WORKERS).mapToObj(m -> member.apply(workers, m)).toList(),
                    process.apply(leader).stream().sorted().toList(), finalCounts);
        }
    }

    record Printed(List<String> firstTen, List<String> distributed, List<List<String>> clusterWorkers,
                   List<String> clusterLeaderSorted, Map<String, String> wordCounts) {
    }

    @Test
    void theEchoServerAnswersAndPrintsTheSameInTheSimulatorAsOnACluster() throws Exception {
        FlowBuilder flow = new FlowBuilder();
        Process<EchoServer.Server> server = flow.process(EchoServer.Server.class);
        External<EchoServer.Client> clients = flow.external(EchoServer.Client.class);
        EchoServer.echoServer(server, clients);
        List<String> printed;
        try (TestRun run = KIT.start(flow)) {
            try (ExternalClient<String, String> client = ExternalClient.connect(run.deployment().externalAddress(clients),
                    String.class, String.class)) {
                client.send("this is some string");
                assertEquals(Optional.of("hi: this is some string"), client.receive(Duration.ofSeconds(20)));
            }
            printed = awaitLines(run, server, 2);
        }
        assertEquals(List.of("client 0 CONNECTED", "client 0 DISCONNECTED: the client closed the connection"), printed);

        int passed = Simulation.fuzz(100).run(sim -> {
            FlowBuilder simulated = new FlowBuilder();
            Process<EchoServer.Server> simServer = simulated.process(EchoServer.Server.class);
            External<EchoServer.Client> simClients = simulated.external(EchoServer.Client.class);
            EchoServer.echoServer(simServer, simClients);
            simulated.withProcess(simServer, sim.host()).deploy(sim);
            SimClient<String, String> client = sim.connect(simClients, String.class, String.class);
            client.send("this is some string");
            client.replies().assertYields("hi: this is some string");
            client.close();
            sim.settle();
            assertEquals(printed, sim.stdout(simServer));
        });
        assertEquals(100, passed);
    }

    @Test
    void theChatRoomBroadcastsAndPrintsTheSameInTheSimulatorAsOnACluster() throws Exception {
        FlowBuilder flow = new FlowBuilder();
        Process<Chat.Room> room = flow.process(Chat.Room.class);
        External<Chat.Member> members = flow.external(Chat.Member.class);
        Chat.chat(room, members);
        List<String> printed;
        try (TestRun run = KIT.start(flow)) {
            InetSocketAddress at = run.deployment().externalAddress(members);
            try (ExternalClient<String, Chat.Said> ann = ExternalClient.connect(at, String.class, Chat.Said.class)) {
                awaitLines(run, room, 1);
                try (ExternalClient<String, Chat.Said> bob = ExternalClient.connect(at, String.class, Chat.Said.class)) {
                    awaitLines(run, room, 2);
                    ann.send("hello");
                    for (ExternalClient<String, Chat.Said> c : List.of(ann, bob)) {
                        assertEquals(Optional.of(new Chat.Said(0, "hello")), c.receive(Duration.ofSeconds(20)));
                    }
                }
                awaitLines(run, room, 3);
            }
            printed = awaitLines(run, room, 4);
        }
        assertEquals(List.of("client 0 CONNECTED", "client 1 CONNECTED", "client 1 DISCONNECTED", "client 0 DISCONNECTED"),
                printed);

        int passed = Simulation.fuzz(100).run(sim -> {
            FlowBuilder simulated = new FlowBuilder();
            Process<Chat.Room> simRoom = simulated.process(Chat.Room.class);
            External<Chat.Member> simMembers = simulated.external(Chat.Member.class);
            Chat.chat(simRoom, simMembers);
            simulated.withProcess(simRoom, sim.host()).deploy(sim);
            SimClient<String, Chat.Said> ann = sim.connect(simMembers, String.class, Chat.Said.class);
            sim.settle();
            SimClient<String, Chat.Said> bob = sim.connect(simMembers, String.class, Chat.Said.class);
            sim.settle();
            ann.send("hello");
            ann.replies().assertYields(new Chat.Said(0, "hello"));
            bob.replies().assertYields(new Chat.Said(0, "hello"));
            bob.close();
            sim.settle();
            ann.close();
            sim.settle();
            assertEquals(printed, sim.stdout(simRoom));
        });
        assertEquals(100, passed);
    }

    /** What {@code EmbeddedApp}'s orders cost, by item: worked out by hand, not by the example's price list. */
    private static final List<EmbeddedApp.Priced> PRICED = List.of(new EmbeddedApp.Priced("apples", 3, 135),
            new EmbeddedApp.Priced("figs", 6, 594), new EmbeddedApp.Priced("kiwis", 2, 62),
            new EmbeddedApp.Priced("pears", 5, 300), new EmbeddedApp.Priced("plums", 9, 108));

    @Test
    void theEmbeddedAppPricesTheSameInTheSimulatorAsOnACluster() throws Exception {
        FlowBuilder flow = new FlowBuilder();
        Process<EmbeddedApp.Shop> shop = flow.process(EmbeddedApp.Shop.class);
        Cluster<EmbeddedApp.Pricer> pricers = flow.cluster(EmbeddedApp.Pricer.class);
        SourceQueue<EmbeddedApp.Order> orders = SourceQueue.bounded(EmbeddedApp.ORDERS.size());
        Received<EmbeddedApp.Priced> prices = new Received<>();
        EmbeddedApp.pricing(shop, pricers, orders, prices);
        List<EmbeddedApp.Priced> onCluster;
        try (TestRun run = KIT.start(flow, Map.of(pricers, 3))) {
            for (EmbeddedApp.Item order : EmbeddedApp.ORDERS) {
                orders.offer(order).toCompletableFuture().get(20, TimeUnit.SECONDS);
            }
            orders.complete();                 // the end, as NoMore ends the app's ActorSource
            onCluster = prices.ended().get(20, TimeUnit.SECONDS);
            run.awaitCompletion();
        }
        assertEquals(PRICED, sorted(onCluster));
        assertEquals(1_199, onCluster.stream().mapToLong(EmbeddedApp.Priced::cents).sum());

        SimBody body = sim -> {
            FlowBuilder simulated = new FlowBuilder();
            Process<EmbeddedApp.Shop> simShop = simulated.process(EmbeddedApp.Shop.class);
            Cluster<EmbeddedApp.Pricer> simPricers = simulated.cluster(EmbeddedApp.Pricer.class);
            SourceQueue<EmbeddedApp.Order> simOrders = SourceQueue.bounded(EmbeddedApp.ORDERS.size());
            Received<EmbeddedApp.Priced> simPrices = new Received<>();
            EmbeddedApp.pricing(simShop, simPricers, simOrders, simPrices);
            simulated.withProcess(simShop, sim.host()).withCluster(simPricers, Collections.nCopies(3, sim.host()))
                     .deploy(sim);
            for (EmbeddedApp.Item order : EmbeddedApp.ORDERS) {
                assertTrue(simOrders.offer(order).toCompletableFuture().isDone(), "the flow takes " + order);
            }
            simOrders.complete();
            sim.settle();
            assertTrue(sim.completed(), "the flow completes");
            assertTrue(simPrices.ended().isDone(), "the sink hears of the end");
            List<EmbeddedApp.Priced> simulatedPrices = simPrices.ended().join();
            assertEquals(sorted(onCluster), sorted(simulatedPrices));
            assertEquals(1_199, simulatedPrices.stream().mapToLong(EmbeddedApp.Priced::cents).sum());
        };
        // Every schedule: the three pricers' prices (2, 2 and 1 of them) interleave at the shop.
        int explored = Simulation.exhaustive().run(body);
        assertTrue(explored > 1, "the merge of the pricers' prices is a choice: " + explored + " schedules");
        assertEquals(200, Simulation.fuzz(200).run(body));
    }

    private static List<EmbeddedApp.Priced> sorted(List<EmbeddedApp.Priced> prices) {
        return prices.stream().sorted(Comparator.comparing(EmbeddedApp.Priced::item)
                .thenComparing(EmbeddedApp.Priced::quantity)).toList();
    }

    /**
     * A subscriber that takes everything and keeps it, in place of the example's {@code ActorSink}:
     * what the test kit's and the simulator's outputs are for a stream, for a {@code destSink}.
     */
    private static final class Received<T> implements Flow.Subscriber<T> {

        private final List<T> elements = Collections.synchronizedList(new ArrayList<>());
        private final CompletableFuture<List<T>> ended = new CompletableFuture<>();

        /** Every element, once the stream has ended; failed if it failed. */
        CompletableFuture<List<T>> ended() {
            return ended;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(T item) {
            elements.add(item);
        }

        @Override
        public void onError(Throwable failure) {
            ended.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            ended.complete(List.copyOf(elements));
        }
    }

    /** The first {@code n} lines {@code process} printed, once it has (a disconnection is seen a moment after the close). */
    private static List<String> awaitLines(TestRun run, Process<?> server, int n)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> lines = run.deployment().stdout(server);
        while (lines.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
            lines = run.deployment().stdout(server);
        }
        return lines;
    }

    @Test
    void everyDeterministicExamplePrintsTheSameInTheSimulatorAsOnACluster() {
        FlowBuilder flow = new FlowBuilder();
        Examples real = Examples.build(flow);
        Printed onCluster;
        try (TestRun run = KIT.start(flow, Map.of(real.workers(), WORKERS, real.mappers(), WORKERS))) {
            run.awaitCompletion();
            onCluster = real.printed(run.deployment()::stdout, run.deployment()::stdout);
        }
        assertEquals(List.of("0", "2", "4", "6", "8", "10", "12", "14", "16", "18"), onCluster.firstTen());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), onCluster.distributed());
        assertEquals(List.of(List.of("0", "8", "16"), List.of("2", "10", "18"), List.of("4", "12"), List.of("6", "14")),
                onCluster.clusterWorkers());
        assertEquals(List.of("0", "10", "12", "14", "16", "18", "2", "4", "6", "8"), onCluster.clusterLeaderSorted());
        assertEquals("6", onCluster.wordCounts().get("a"));

        int passed = Simulation.fuzz(100).run(sim -> {
            FlowBuilder simulated = new FlowBuilder();
            Examples e = Examples.build(simulated);
            e.place(simulated, sim::host, sim);
            sim.settle();
            assertTrue(sim.completed(), "every example's flow completes");
            assertEquals(onCluster, e.printed(sim::stdout, sim::stdout));
        });
        assertEquals(100, passed);
    }
}
