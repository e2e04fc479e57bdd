package io.sluice.deploy.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which program a launcher's children run: this one again, or the entry point the configuration names. */
class LaunchCommandTest {

    /** An entry point that only builds and deploys a flow, as sluice.localhost.main-class names one. */
    static final class FlowMain {
        public static void main(String[] args) {
        }
    }

    @Test
    void aNamedEntryPointIsRunWithoutThisJvmsArguments() {
        LaunchCommand command = LaunchCommand.ofThisProgram(List.of("-Xmx64m"), Optional.of(FlowMain.class.getName()));
        List<String> line = command.command(List.of("-Dsluice.node.member=1"));
        assertEquals(FlowMain.class.getName(), line.get(line.size() - 1), "the entry point is last: no arguments");
        assertTrue(line.contains("-Xmx64m") && line.contains("-Dsluice.node.member=1"), line.toString());
    }

    @Test
    void anEntryPointWithoutMainIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchCommand.ofThisProgram(List.of(), Optional.of("com.example.NoSuchMain")));
        assertTrue(e.getMessage().startsWith("sluice.localhost.main-class = com.example.NoSuchMain: no public static"),
                e.getMessage());
    }
}
