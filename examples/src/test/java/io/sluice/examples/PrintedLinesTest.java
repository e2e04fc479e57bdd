package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What operator code prints is attributed to its member the same way whether it calls
 * {@code System.out::println} or a lambda, in a fresh JVM and after another deployment ran in it,
 * with members in one JVM and in JVMs of their own; and {@code System.out} is the JVM's own stream
 * again once a deployment is closed.
 */
class PrintedLinesTest {

    private static List<String> results(String mode) throws Exception {
        try (JvmRun run = JvmRun.start(PrintingFlow.class, List.of(), mode)) {
            assertEquals(0, run.awaitExit(Duration.ofMinutes(3)), () -> "exit code; standard error:\n"
                    + String.join("\n", run.err()));
            return run.out().stream().filter(l -> l.startsWith("RESULT ")).toList();
        }
    }

    @Test
    void inJvmMembersKeepWhatAMethodReferenceAndALambdaPrintAlike() throws Exception {
        assertEquals(List.of(
                "RESULT reference 0=[reference 1,reference 3] 1=[reference 2,reference 4] restored=true",
                "RESULT lambda 0=[lambda 1,lambda 3] 1=[lambda 2,lambda 4] restored=true",
                "RESULT reference 0=[reference 1,reference 3] 1=[reference 2,reference 4] restored=true"),
                results("in-jvm"));
    }

    @Test
    void localhostMembersKeepWhatAMethodReferenceAndALambdaPrintAlike() throws Exception {
        assertEquals(List.of("RESULT both 0=[reference 1,reference 3,lambda 1,lambda 3] "
                + "1=[reference 2,reference 4,lambda 2,lambda 4] restored=true"), results("localhost"));
    }
}
