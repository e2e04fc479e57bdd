package io.sluice.deploy.launch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The driver child's reports to its launcher: one line each, told apart from what members print. */
class LauncherLinkTest {

    @Test
    void aReportIsOneLineAndReadsBackAsItWasSent() {
        String reason = "member [W / 1] failed: boom\n  at Flow.java:12 \\ and a backslash";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LauncherLink.report(new PrintStream(bytes, true, StandardCharsets.UTF_8), LauncherLink.Event.FAILED, reason);
        String written = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, written.lines().count(), written);
        assertEquals(Optional.of(new LauncherLink.Report(LauncherLink.Event.FAILED, reason)),
                LauncherLink.Report.parse(written.lines().findFirst().orElseThrow()));
        assertEquals(Optional.of(new LauncherLink.Report(LauncherLink.Event.DEPLOYED, "")),
                LauncherLink.Report.parse(new LauncherLink.Report(LauncherLink.Event.DEPLOYED, "").line()));
    }

    @Test
    void whatAMemberPrintsIsNoReport() {
        assertEquals(Optional.empty(), LauncherLink.Report.parse("DEPLOYED"));
        assertEquals(Optional.empty(), LauncherLink.Report.parse("sluice-control DEPLOYED"));
        assertEquals(Optional.empty(), LauncherLink.Report.parse(LauncherLink.CONTROL + "SOMETHING else"));
    }
}
