package io.sluice.runtime.node;

import io.sluice.plan.Roles;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.dispatch.Futures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;

/**
 * Places member {@code k} of a location (shard {@code k}, one entity per shard) on the node
 * configured as that member, recognised by its role {@link Roles#member}; when that node is gone
 * (or has no region yet), on the least loaded node that hosts members of the location or is one
 * of its spares ({@link Roles#hostsMembersOf}): a spare first, since it hosts none. The driver
 * runs a region of every location only to host the shard coordinators, and gets a member only
 * when no such node is left. Never rebalances: a member moves only when its node is gone.
 */
public final class MemberPlacement extends ShardCoordinator.AbstractShardAllocationStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(MemberPlacement.class);

    private final Cluster cluster;
    private final int location;

    MemberPlacement(Cluster cluster, int location) {
        this.cluster = cluster;
        this.location = location;
    }

    @Override
    public Future<ActorRef> allocateShard(ActorRef requester, String shardId, Map<ActorRef, IndexedSeq<String>> current) {
        String role = Roles.member(location, Integer.parseInt(shardId));
        Optional<Address> home = StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                .filter(m -> m.hasRole(role) && isAlive(m))
                .map(Member::address)
                .findFirst();
        if (home.isPresent()) {
            for (ActorRef region : current.keySet()) {
                if (addressOf(region).equals(home.get())) {
                    return Futures.successful(region);
                }
            }
        }
        Set<Address> hosts = StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                .filter(m -> isAlive(m) && m.getRoles().stream().anyMatch(r -> Roles.hostsMembersOf(r, location)))
                .map(Member::address)
                .collect(java.util.stream.Collectors.toSet());
        Comparator<Map.Entry<ActorRef, IndexedSeq<String>>> preference = Comparator
                .<Map.Entry<ActorRef, IndexedSeq<String>>>comparingInt(e -> hosts.contains(addressOf(e.getKey())) ? 0 : 1)
                .thenComparingInt(e -> e.getValue().size());
        ActorRef fallback = current.entrySet().stream()
                .min(preference)
                .map(Map.Entry::getKey)
                .orElse(requester);
        if (home.isPresent()) {
            LOG.warn("no region yet on the node with role {} ({}); placing member {} of location {} on {}", role,
                    home.get(), shardId, location, addressOf(fallback));
        } else {
            // Its node was lost: the coordinator reports the restart, naming both nodes.
            LOG.debug("the node with role {} is gone; placing member {} of location {} on {}", role, shardId,
                    location, addressOf(fallback));
        }
        return Futures.successful(fallback);
    }

    @Override
    public Future<Set<String>> rebalance(Map<ActorRef, IndexedSeq<String>> current, Set<String> inProgress) {
        return Futures.successful(Set.of());
    }

    private Address addressOf(ActorRef region) {
        Address address = region.path().address();
        return address.hasLocalScope() ? cluster.selfMember().address() : address;
    }

    private static boolean isAlive(Member m) {
        MemberStatus s = m.status();
        return !(s.equals(MemberStatus.down()) || s.equals(MemberStatus.removed()) || s.equals(MemberStatus.exiting()));
    }
}
