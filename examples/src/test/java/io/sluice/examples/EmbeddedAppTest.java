package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedding example as a user runs it, in a JVM of its own: a Pekko application whose actors
 * feed a flow on the application's two ActorSystems and collect its results, and still answer
 * once it is done; the JVM exits by itself.
 */
class EmbeddedAppTest {

    @Test
    void anApplicationFeedsAFlowOnItsOwnSystemsAndKeepsRunning() throws Exception {
        try (JvmRun app = JvmRun.start(EmbeddedApp.class, List.of())) {
            assertEquals(0, app.awaitExit(Duration.ofMinutes(2)),
                    () -> "the application failed; its standard error:\n" + String.join("\n", app.err()));
            List<String> out = app.out().stream().filter(l -> !l.contains("|-") && !l.isBlank()).toList();
            assertEquals(List.of(
                    "priced apples x 3",
                    "priced figs x 6",
                    "priced kiwis x 2",
                    "priced pears x 5",
                    "priced plums x 9",
                    "5 orders priced, 1,199 cents in all",
                    "the application still answers: pong from shop@127.0.0.1:...",
                    "the application still answers: pong from shop@127.0.0.1:..."), out);
        }
    }
}
