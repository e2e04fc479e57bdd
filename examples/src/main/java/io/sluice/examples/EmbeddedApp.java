package io.sluice.examples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.ActorSink;
import io.sluice.deploy.ActorSource;
import io.sluice.deploy.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Join;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Pekko typed application that runs a flow on its own ActorSystems: two systems of its own
 * cluster, each with the application's actors, host the flow's members
 * ({@code Deployment.onSystem}). A producer actor feeds the flow through an
 * {@link ActorSource} (one order at a time, each acknowledged); the shop's process deals the
 * orders to three pricers, which price them; the shop sends the prices to a collector actor
 * through an {@link ActorSink}, which also hears of the flow's end. Once the flow is done, the
 * application's actors still answer, and the application stops its own systems.
 *
 * <pre>
 * priced apples x 3
 * ...
 * 5 orders priced, 1,199 cents in all
 * the application still answers: pong from shop@127.0.0.1:...
 * the application still answers: pong from shop@127.0.0.1:...
 * </pre>
 */
public final class EmbeddedApp {

    /** The flow's process: where orders come in and prices go out. */
    public static final class Shop {
    }

    /** The flow's cluster: members that price orders. */
    public static final class Pricer {
    }

    /** What the producer feeds the flow: orders, then the end. */
    public sealed interface Order {
    }

    /** An order of {@code quantity} of {@code item}. */
    public record Item(String item, int quantity) implements Order {
    }

    /** No more orders: ends the flow's source. */
    public record NoMore() implements Order {
    }

    /** The producer's protocol: the source to feed, and the source's acknowledgements. */
    public sealed interface ProducerMessage {
    }

    /** Feed {@code orders} to {@code source}, one at a time. */
    public record Feed(ActorRef<Order> source, List<Order> orders) implements ProducerMessage {
    }

    /** The source took the last order. */
    public enum Ack implements ProducerMessage { INSTANCE }

    /** What the collector hears: the prices, then the flow's end. */
    public sealed interface Tally {
    }

    /** The price of an order, in cents. */
    public record Priced(String item, int quantity, long cents) implements Tally {
    }

    /** The flow ended. */
    public record Done() implements Tally {
    }

    /** The flow failed. */
    public record Failed(String reason) implements Tally {
    }

    /** The application's own question to its actors. */
    public record Ping(ActorRef<String> replyTo) {
    }

    /** The application's logger: made first, so that logging is set up before its systems start. */
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedApp.class);

    /** What the producer feeds the flow, before {@link NoMore}: 1,199 cents' worth. */
    public static final List<Item> ORDERS = List.of(new Item("apples", 3), new Item("pears", 5),
            new Item("plums", 9), new Item("figs", 6), new Item("kiwis", 2));

    private static final Map<String, Long> CENTS = Map.of("apples", 45L, "pears", 60L, "plums", 12L,
            "figs", 99L, "kiwis", 31L);

    private EmbeddedApp() {
    }

    /**
     * The flow: the shop deals what {@code orders} publishes round robin to {@code pricers},
     * which price it; the prices come back to the shop (merged, in no set order) and go to
     * {@code prices}, which hears of the end once the publisher has completed and every order
     * is priced. {@code main} gives it an {@link ActorSource} and an {@link ActorSink}; a test
     * may give it any publisher and subscriber.
     *
     * @param shop    where the orders come in and the prices go out
     * @param pricers the members that price the orders
     * @param orders  the orders, all {@link Item}s (an {@link ActorSource} ends at {@link NoMore}
     *                without publishing it)
     * @param prices  where the prices go
     */
    public static void pricing(Process<Shop> shop, Cluster<Pricer> pricers, Flow.Publisher<? extends Order> orders,
                               Flow.Subscriber<? super Priced> prices) {
        shop.sourceStream(orders)
            .map(order -> (Item) order)
            .roundRobin(pricers)
            .map(item -> new Priced(item.item(), item.quantity(), item.quantity() * CENTS.get(item.item())))
            .sendAnonymous(shop)
            .destSink(prices);
    }

    public static void main(String[] args) throws Exception {
        Config config = ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = "127.0.0.1"
                pekko.remote.artery.canonical.port = 0
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.loglevel = WARNING
                include classpath("sluice-embedding.conf")
                """).withFallback(ConfigFactory.load());
        List<ActorSystem<Ping>> systems = List.of(ActorSystem.create(answering(), "shop", config),
                ActorSystem.create(answering(), "shop", config));
        var seed = org.apache.pekko.cluster.typed.Cluster.get(systems.get(0)).selfMember().address();
        systems.forEach(s -> org.apache.pekko.cluster.typed.Cluster.get(s).manager().tell(Join.create(seed)));
        ActorSystem<Ping> home = systems.get(0);
        try {
            CompletableFuture<List<Priced>> prices = new CompletableFuture<>();
            ActorRef<Tally> collector = home.systemActorOf(collector(prices), "collector",
                    org.apache.pekko.actor.typed.Props.empty());
            ActorRef<ProducerMessage> producer = home.systemActorOf(producer(), "producer",
                    org.apache.pekko.actor.typed.Props.empty());
            ActorSource<Order> orders = ActorSource.actorRefWithBackpressure(home, producer, Ack.INSTANCE,
                    o -> o instanceof NoMore, o -> Optional.empty());

            Deployment deployment = new Deployment();
            FlowBuilder flow = new FlowBuilder();
            Process<Shop> shop = flow.process(Shop.class);
            Cluster<Pricer> pricers = flow.cluster(Pricer.class);
            pricing(shop, pricers, orders,
                    ActorSink.actorRef(collector, new Done(), failure -> new Failed(failure.getMessage())));
            flow.withProcess(shop, deployment.onSystem(home))
                .withCluster(pricers, List.of(deployment.onSystem(home), deployment.onSystem(systems.get(1)),
                        deployment.onSystem(systems.get(1))))
                .deploy(deployment);
            deployment.deploy();
            LOG.debug("the flow is deployed on the application's {} systems", systems.size());
            deployment.start();
            producer.tell(new Feed(orders.ref(), List.copyOf(ORDERS)));

            List<Priced> priced = prices.get(60, TimeUnit.SECONDS);
            deployment.completion().toCompletableFuture().get(60, TimeUnit.SECONDS);
            deployment.close();
            priced.stream().map(p -> p.item() + " x " + p.quantity()).sorted()
                  .forEach(p -> System.out.println("priced " + p));
            System.out.printf("%d orders priced, %,d cents in all%n", priced.size(),
                    priced.stream().mapToLong(Priced::cents).sum());
            for (ActorSystem<Ping> s : systems) {
                CompletionStage<String> answer = AskPattern.ask(s, Ping::new, Duration.ofSeconds(10), s.scheduler());
                System.out.println("the application still answers: " + answer.toCompletableFuture()
                        .get(10, TimeUnit.SECONDS));
            }
        } finally {
            systems.forEach(ActorSystem::terminate);
            for (ActorSystem<Ping> s : systems) {
                s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The application's guardian: answers pings, as an application's own actor would. */
    private static Behavior<Ping> answering() {
        return Behaviors.setup(ctx -> Behaviors.receiveMessage(ping -> {
            ping.replyTo().tell("pong from " + ctx.getSystem().address().hostPort().replaceFirst(":\\d+$", ":..."));
            return Behaviors.same();
        }));
    }

    /** Tells the source one order, waits for its acknowledgement, tells the next; then the end. */
    private static Behavior<ProducerMessage> producer() {
        return Behaviors.receive(ProducerMessage.class)
                .onMessage(Feed.class, feed -> feeding(feed.source(), new ArrayList<>(feed.orders())))
                .build();
    }

    private static Behavior<ProducerMessage> feeding(ActorRef<Order> source, List<Order> left) {
        if (left.isEmpty()) {
            source.tell(new NoMore());
            return Behaviors.stopped();
        }
        source.tell(left.remove(0));
        return Behaviors.receive(ProducerMessage.class)
                .onMessageEquals(Ack.INSTANCE, () -> feeding(source, left))
                .build();
    }

    /** Collects the prices until the flow's end, then hands them over. */
    private static Behavior<Tally> collector(CompletableFuture<List<Priced>> result) {
        List<Priced> seen = new ArrayList<>();
        return Behaviors.receive(Tally.class)
                .onMessage(Priced.class, p -> {
                    seen.add(p);
                    return Behaviors.same();
                })
                .onMessage(Done.class, d -> {
                    result.complete(List.copyOf(seen));
                    return Behaviors.stopped();
                })
                .onMessage(Failed.class, f -> {
                    result.completeExceptionally(new IllegalStateException("the flow failed: " + f.reason()));
                    return Behaviors.stopped();
                })
                .build();
    }
}
