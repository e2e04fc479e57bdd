package io.sluice.runtime.scope;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The printed lines of one member: kept for {@code Deployment.stdout(...)} and echoed to the
 * real console, prefixed with where they were printed (e.g.
 * {@code [io.sluice.examples.FirstTenCluster.Worker (cluster 1) / 2] 4}).
 */
public final class MemberConsole {

    private final String prefix;
    private final PrintStream echo;
    private final List<String> lines = new ArrayList<>();

    /**
     * @param prefix what echoed lines start with, or "" to echo them bare (a child JVM, whose
     *               parent adds the prefix)
     * @param echo   where lines are echoed
     */
    public MemberConsole(String prefix, PrintStream echo) {
        this.prefix = prefix;
        this.echo = echo;
    }

    void line(String line, boolean error) {
        synchronized (lines) {
            if (!error) {
                lines.add(line);
            }
        }
        String shown = prefix.isEmpty() ? line : prefix + (error ? " [stderr] " : " ") + line;
        echo.println(shown);
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
