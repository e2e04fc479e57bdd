package io.sluice.runtime.scope;

import java.io.PrintStream;
import java.util.List;

/**
 * The printed lines of one member: the last ones kept for {@code Deployment.stdout(...)}
 * ({@code sluice.console.tail-lines} of them) and every one echoed to the real console,
 * prefixed with where it was printed (e.g.
 * {@code [io.sluice.examples.FirstTenCluster.Worker (cluster 1) / 2] 4}).
 */
public final class MemberConsole {

    private final String prefix;
    private final PrintStream echo;
    private final LineTail lines;

    /**
     * @param prefix    what echoed lines start with, or "" to echo them bare (a child JVM, whose
     *                  parent adds the prefix)
     * @param echo      where lines are echoed
     * @param tailLines how many of the latest lines to keep
     */
    public MemberConsole(String prefix, PrintStream echo, int tailLines) {
        this.prefix = prefix;
        this.echo = echo;
        this.lines = new LineTail(tailLines);
    }

    void line(String line, boolean error) {
        if (!error) {
            lines.add(line);
        }
        String shown = prefix.isEmpty() ? line : prefix + (error ? " [stderr] " : " ") + line;
        echo.println(shown);
    }

    /** The latest lines the member printed to standard output, oldest first. */
    public List<String> lines() {
        return lines.lines();
    }
}
