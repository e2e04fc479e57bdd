package io.sluice.bench.flink;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink peer of the Sluice bench, a JVM of its own that {@code io.sluice.bench.Bench} starts
 * and keeps for the whole bench (so that its JIT warms up across runs as the bench's does). It
 * reads one command a line on stdin, {@code W1 <n>}, {@code W4 <n>}, {@code W5 <n>} or
 * {@code QUIT}, runs that job on a local MiniCluster of parallelism 4, and answers one line on
 * stdout: {@code RESULT <elements> <nanos> <cpuNanos>} (this JVM's CPU over the run) after an
 * exact result, or {@code FAILED <reason>}.
 */
public final class FlinkPeer {

    private FlinkPeer() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream answers = System.out;
        System.setOut(System.err);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        answers.println("READY");
        answers.flush();
        for (String line = commands.readLine(); line != null && !line.equals("QUIT"); line = commands.readLine()) {
            String answer;
            try {
                answer = run(line.trim().split(" "));
            } catch (Exception | Error e) {
                e.printStackTrace();
                answer = "FAILED " + rootCause(e);
            }
            answers.println(answer);
            answers.flush();
        }
    }

    private static String run(String[] command) throws Exception {
        if (command.length != 2) {
            throw new IllegalArgumentException("expected '<W1|W4|W5> <n>', got " + String.join(" ", command));
        }
        long n = Long.parseLong(command[1]);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(FlinkJobs.WORKERS);
        switch (command[0]) {
            case "W1" -> FlinkJobs.w1(env, n);
            case "W4" -> FlinkJobs.w4(env, n);
            case "W5" -> FlinkJobs.w5(env, n);
            default -> throw new IllegalArgumentException("unknown workload " + command[0]);
        }
        RunClock.reset();
        env.execute(command[0]);
        return RunClock.result(n);
    }

    private static String rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return String.valueOf(cause).replace('\n', ' ');
    }
}
