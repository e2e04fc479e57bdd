package io.sluice.testkit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.FlowFailedException;
import io.sluice.dataflow.Process;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorIdentity;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.Patterns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kit's assertions fail when they should, as soon as they can, and say what was expected and
 * what came, per member: a wrong element, one too many, one missing at the end, an unexpected one
 * in an unordered check, a timeout, a failed flow; its inputs refuse what they cannot take; and
 * a failed flow leaves nothing behind on the kit's systems.
 */
@ExtendWith(ClassTimer.class)
class AssertionFailuresTest {

    static final class Leader {
    }

    static final class Worker {
    }

    @RegisterExtension
    static final FlowTestKit kit = FlowTestKit.withSystems(2);

    private final FlowBuilder flow = new FlowBuilder();
    private final Process<Leader> leader = flow.process(Leader.class);

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected the message to contain <" + part + ">, but it was:\n" + message);
        }
    }

    @Test
    void aWrongElementOfOneMemberFailsNamingTheMemberWithExpectedAndActual() {
        Cluster<Worker> workers = flow.cluster(Worker.class);
        ClusterOutput<Integer, Worker> doubled = kit.collect(leader.sourceIter(List.of(0, 1, 2, 3))
                .roundRobin(workers).map(n -> n * 2));
        kit.start(flow);
        AssertionError e = assertThrows(AssertionError.class,
                () -> doubled.assertYieldsOnly(List.of(0, 4), List.of(2, 7)));
        assertContains(e.getMessage(),
                "assertYieldsOnly on " + Worker.class.getCanonicalName() + " (cluster 1): member 1 differs",
                "member 1: expected [2, 7], actual [2, 6] -- differs at index 1: expected 7, got 6");
        doubled.assertYieldsOnly(List.of(0, 4), List.of(2, 6));
    }

    @Test
    void anElementTooManyFailsAssertYieldsOnly() {
        Output<Integer> out = kit.collect(leader.sourceIter(List.of(1, 2, 3)));
        kit.start(flow);
        AssertionError e = assertThrows(AssertionError.class, () -> out.assertYieldsOnly(1, 2));
        assertContains(e.getMessage(), "expected [1, 2], actual [1, 2, 3] -- 1 more than expected: [3]");
    }

    @Test
    void anElementMissingWhenTheFlowHasCompletedFailsAtOnceNotAtTheTimeout() {
        Output<Integer> out = kit.collect(leader.sourceIter(List.of(1, 2)));
        kit.start(flow).awaitCompletion();
        long start = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class, () -> out.assertYields(1, 2, 3));
        assertContains(e.getMessage(), "expected [1, 2, 3], actual [1, 2] -- missing [3]; the flow completed");
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "it failed without waiting");
    }

    @Test
    void anUnexpectedElementFailsAnUnorderedCheck() {
        Output<Integer> out = kit.collect(leader.sourceIter(List.of(1, 2, 3)));
        kit.start(flow);
        AssertionError e = assertThrows(AssertionError.class, () -> out.assertYieldsUnordered(4, 2, 1));
        assertContains(e.getMessage(), "(in any order)", "expected [4, 2, 1], actual [1, 2, 3]",
                "3 was not expected");
    }

    @Test
    void elementsThatDoNotComeFailAtTheTimeoutSayingWhatCame() {
        ProcessInput<Integer, Leader> numbers = kit.input(leader, Integer.class);
        Output<Integer> out = kit.collect(numbers.stream());
        kit.start(flow);
        numbers.push(1);
        AssertionError e = assertThrows(AssertionError.class,
                () -> out.within(Duration.ofMillis(300)).assertYields(1, 2));
        assertContains(e.getMessage(), "timed out after 300 ms (the flow is running)",
                "expected [1, 2], actual [1] -- waiting for 1 more");
    }

    @Test
    void earlierAssertionsReadTheirElementsAndTheMessageSaysHowMany() {
        Output<Integer> out = kit.collect(leader.sourceIter(List.of(1, 2, 3)));
        kit.start(flow);
        out.assertYields(1, 2);
        AssertionError e = assertThrows(AssertionError.class, () -> out.assertYieldsOnly(4));
        assertContains(e.getMessage(), "expected [4], actual [3] (after 2 read by earlier assertions)");
    }

    @Test
    void aFailedFlowFailsTheAssertionWithTheFlowsFailureAsItsCause() {
        Output<Integer> out = kit.collect(leader.sourceIter(List.of(41, 42, 43)).map(n -> {
            if (n == 42) {
                throw new IllegalStateException("no 42 here");
            }
            return n;
        }));
        TestRun run = kit.start(flow);
        AssertionError e = assertThrows(AssertionError.class, () -> out.assertYieldsOnly(41, 42, 43));
        assertContains(e.getMessage(), "the flow failed: ", "no 42 here");
        assertInstanceOf(FlowFailedException.class, e.getCause());
        assertContains(run.awaitFailure().getMessage(), "no 42 here");
    }

    @Test
    void awaitCompletionOfAFlowWaitingForItsInputTimesOut() {
        ProcessInput<String, Leader> lines = kit.input(leader, String.class);
        kit.collect(lines.stream());
        TestRun run = kit.start(flow);
        AssertionError e = assertThrows(AssertionError.class, () -> run.awaitCompletion(Duration.ofMillis(300)));
        assertContains(e.getMessage(), "did not complete within 300 ms");
        lines.complete();
        run.awaitCompletion();
    }

    @Test
    void oneListPerMemberIsRequiredAndAPushAfterCompleteIsRefused() {
        Cluster<Worker> workers = flow.cluster(Worker.class);
        ClusterInput<Integer, Worker> input = kit.input(flow, workers, Integer.class);
        ClusterOutput<Integer, Worker> out = kit.collect(input.stream());
        kit.start(flow);
        IllegalArgumentException lists = assertThrows(IllegalArgumentException.class,
                () -> out.assertYields(List.of(1)));
        assertContains(lists.getMessage(), "1 lists given", "has 2 members");
        input.complete();
        IllegalStateException late = assertThrows(IllegalStateException.class, () -> input.push(0, 5));
        assertContains(late.getMessage(), "the source queue is completed");
        out.assertYieldsOnly(List.of(), List.of());
    }

    @Test
    void aFailedFlowLeavesNothingOnTheSystemsAndTheNextFlowRuns() throws Exception {
        kit.collect(leader.sourceIter(List.of(1)).map(n -> {
            throw new IllegalStateException("broken on purpose");
        }));
        try (TestRun run = kit.start(flow)) {
            assertContains(run.awaitFailure().getMessage(), "broken on purpose");
        }
        for (int i = 0; i < 2; i++) {
            assertNoFlowGuardianOn(kit.system(i));
        }
        FlowBuilder next = new FlowBuilder();
        Output<Integer> out = kit.collect(next.process(Leader.class).sourceIter(List.of(7)));
        kit.start(next);
        out.assertYieldsOnly(7);
    }

    /**
     * Asks {@code system} for its flow guardians until none answers, for at most 10 s. A guardian
     * that has stopped can still be listed by its parent for a moment, and an {@code Identify}
     * that reaches it then gets no answer: that ask times out and is asked again.
     */
    private static void assertNoFlowGuardianOn(ActorSystem<Void> system) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Object last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                last = Patterns.ask(system.classicSystem().actorSelection("/system/sluice-flow-*"),
                        new Identify("flow"), Duration.ofSeconds(1)).toCompletableFuture().get(5, TimeUnit.SECONDS);
                if (((ActorIdentity) last).getActorRef().isEmpty()) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException unanswered) {
                last = unanswered.getCause();
            }
        }
        throw new AssertionError("a flow guardian is left on " + system.address() + ": " + last);
    }
}
