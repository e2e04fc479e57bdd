package io.sluice.examples;

import io.sluice.dataflow.External;
import io.sluice.dataflow.ExternalPort;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.deploy.Deployment;

/**
 * A chat room: clients connect to the room's process and every line one sends is delivered to
 * every connected client, the sender included (so each sees the room's order), tagged with the
 * sender's client number. Lines of one sender arrive in the order it sent them; lines of
 * different senders interleave as the room received them. The room prints who comes and goes.
 *
 * <pre>
 * java -jar examples/target/sluice-examples.jar Chat
 * chat room listening on 127.0.0.1:40777
 * </pre>
 */
public final class Chat {

    /** The tag of the room's process. */
    public static final class Room {
    }

    /** The tag of the people in the room. */
    public static final class Member {
    }

    /** A line said in the room by client {@code from}. */
    public record Said(long from, String text) {
    }

    private Chat() {
    }

    /** The flow: every line to everyone, tagged with its sender. */
    public static void chat(Process<Room> room, External<Member> members) {
        ExternalPort<String, Said, Room> port = room.bidiExternalMany(members, String.class, Said.class);
        port.connections().forEach(e -> System.out.println(e.client() + " " + e.change()));
        port.broadcast(port.requests().entries().map(kv -> new Said(kv.key().raw(), kv.value())));
    }

    public static void main(String[] args) {
        Deployment deployment = new Deployment();
        FlowBuilder flow = new FlowBuilder();
        Process<Room> room = flow.process(Room.class);
        External<Member> members = flow.external(Member.class);
        chat(room, members);
        flow.withProcess(room, Examples.host(deployment, args)).deploy(deployment);
        Examples.serve(deployment, members, "chat room");
    }
}
