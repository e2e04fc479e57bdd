package io.sluice.runtime.external;

import com.typesafe.config.Config;
import io.sluice.dataflow.ir.ExternalBinding;
import io.sluice.runtime.logic.ExternalEndpoints;
import io.sluice.runtime.wire.ElementCodec;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The external ports served in this JVM, one server per {@link ExternalBinding} (bindings are
 * compared by identity: one per port of one built flow). The member's operators of a port open
 * it; the first open binds it on {@code system}, the last release closes it. The address a port
 * bound to is kept here for {@code Deployment.externalAddress} until the port closes.
 */
public final class ExternalServers implements ExternalEndpoints {

    private static final Map<ExternalBinding, Shared> OPEN = new IdentityHashMap<>();
    private static final Map<ExternalBinding, CompletableFuture<InetSocketAddress>> ADDRESSES = new IdentityHashMap<>();

    private final ActorSystem<?> system;
    private final FrameCodec frames;

    /**
     * The ports of operators running on {@code system}.
     *
     * @param system the member's ActorSystem, whose configuration says where ports listen
     * @param codec  the member's element codec: a port's frames carry what its batches may
     */
    public ExternalServers(ActorSystem<?> system, ElementCodec codec) {
        this.system = system;
        this.frames = FrameCodec.of(codec);
    }

    /**
     * The address {@code binding}'s port is bound to in this JVM, once it is (it may not be yet).
     *
     * @param binding a port of a flow
     * @return completes with the bound address, or exceptionally when the port cannot bind
     */
    public static synchronized CompletableFuture<InetSocketAddress> address(ExternalBinding binding) {
        return ADDRESSES.computeIfAbsent(binding, b -> new CompletableFuture<>());
    }

    /**
     * Reads, and so checks, the settings of the external ports served by members of
     * {@code locations}: a node calls it before it starts its members, so that a wrong setting
     * (a missing key store, a wrong password) fails the deployment at once, naming the setting.
     *
     * <pre>{@code
     * ExternalServers.checkSettings(config, graph.externals(), Set.of(0));   // throws if process 0's port is misconfigured
     * }</pre>
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public static void checkSettings(Config config, List<ExternalBinding> bindings, Set<Integer> locations) {
        for (ExternalBinding b : bindings) {
            if (locations.contains(b.location())) {
                try {
                    ExternalSettings.of(config, b.tag());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the external port of " + b.tag() + " cannot start: "
                            + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public Endpoint open(ExternalBinding binding) {
        synchronized (ExternalServers.class) {
            Shared shared = OPEN.get(binding);
            if (shared == null) {
                ExternalSettings settings = ExternalSettings.of(system.settings().config(), binding.tag());
                shared = new Shared();
                Shared closing = shared;
                shared.server = new TcpExternalServer(system, binding, settings, frames, address(binding), () -> {
                    synchronized (ExternalServers.class) {
                        OPEN.remove(binding, closing);
                        ADDRESSES.remove(binding);
                    }
                });
                OPEN.put(binding, shared);
            }
            shared.users++;
            return shared.handle();
        }
    }

    /** A server and how many operators use it. */
    private static final class Shared {
        private TcpExternalServer server;
        private int users;

        Endpoint handle() {
            return new Endpoint() {
                private boolean released;

                @Override
                public java.util.concurrent.Flow.Publisher<Object> requests() {
                    return server.requests();
                }

                @Override
                public java.util.concurrent.Flow.Publisher<Object> connections() {
                    return server.connections();
                }

                @Override
                public java.util.concurrent.Flow.Subscriber<Object> replies(boolean broadcast) {
                    return server.replies(broadcast);
                }

                @Override
                public void release() {
                    boolean last;
                    synchronized (ExternalServers.class) {
                        if (released) {
                            return;
                        }
                        released = true;
                        last = --users == 0;
                    }
                    if (last) {
                        server.release();
                    }
                }
            };
        }
    }
}
