package io.sluice.runtime.external;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.sluice.dataflow.External;
import io.sluice.dataflow.ExternalPort;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.KV;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ir.ExternalBinding;
import io.sluice.deploy.ExternalClient;
import io.sluice.runtime.logic.ExternalEndpoints;
import io.sluice.runtime.wire.ElementCodec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * A port's operators subscribe to its requests when the flow starts, once every member has
 * joined, which across JVMs can be long after the port opened: the port's publishers must wait
 * for them rather than cancel after Pekko's stream subscription timeout (5 s by default; 100 ms
 * here, to see it pass).
 */
class LateSubscriberTest {

    static final class Server {
    }

    static final class Clients {
    }

    @Test
    void requestsReachASubscriberThatCameAfterTheSubscriptionTimeout() throws Exception {
        FlowBuilder flow = new FlowBuilder();
        Process<Server> server = flow.process(Server.class);
        External<Clients> clients = flow.external(Clients.class);
        ExternalPort<String, String, Server> port = server.bidiExternalMany(clients, String.class, String.class);
        port.reply(port.requests());
        ExternalBinding binding = flow.build().externals().get(0);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "late", ConfigFactory.parseString(
                "pekko.stream.materializer.subscription-timeout.timeout = 100ms").withFallback(ConfigFactory.load()));
        ExternalEndpoints.Endpoint endpoint = new ExternalServers(system, ElementCodec.standard()).open(binding);
        try {
            // The condition under test is time passing: ten times the timeout, before anyone subscribes.
            Thread.sleep(1000);
            CompletableFuture<Object> first = new CompletableFuture<>();
            endpoint.requests().subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.request(1);
                }

                @Override
                public void onNext(Object item) {
                    first.complete(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    first.completeExceptionally(throwable);
                }

                @Override
                public void onComplete() {
                    first.completeExceptionally(new IllegalStateException("completed"));
                }
            });
            try (ExternalClient<String, String> client = ExternalClient.connect(
                    ExternalServers.address(binding).get(10, TimeUnit.SECONDS), String.class, String.class)) {
                client.send("late but there");
                assertEquals("late but there", ((KV<?, ?>) first.get(10, TimeUnit.SECONDS)).value());
            }
        } finally {
            endpoint.release();
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
