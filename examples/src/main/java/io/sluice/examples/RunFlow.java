package io.sluice.examples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * The runnable jar's entry point: runs the example named by the first argument, or else by
 * {@code sluice.node.flow} in the configuration, so that one jar serves every node.
 *
 * <pre>
 * java -jar examples/target/sluice-examples.jar FirstTenCluster               # launch all 5 members
 * java -Dconfig.file=config/worker-2.conf -jar examples/target/sluice-examples.jar   # be worker 2
 * </pre>
 */
public final class RunFlow {

    private static final List<String> EXAMPLES = List.of("FirstTen", "FirstTenDistributed", "FirstTenCluster", "ComputePi",
            "MapReduce", "KeyValueStore", "WorkQueue", "EmbeddedApp", "EchoServer", "EchoClient",
            "KeyedCounter", "KeyedCounterClient", "Chat", "SparesDemo");

    private RunFlow() {
    }

    public static void main(String[] args) throws Throwable {
        String flow;
        String[] rest;
        if (args.length > 0 && !args[0].startsWith("-")) {
            flow = args[0];
            rest = Arrays.copyOfRange(args, 1, args.length);
        } else {
            Config config = ConfigFactory.load();
            if (!config.hasPath("sluice.node.flow")) {
                System.err.println("usage: java -jar sluice-examples.jar <example> [args], or set sluice.node.flow in the "
                        + "configuration (-Dconfig.file=config/leader.conf); examples: " + String.join(", ", EXAMPLES));
                System.exit(2);
                return;
            }
            flow = config.getString("sluice.node.flow");
            rest = args;
        }
        try {
            mainOf(flow).invoke(null, (Object) rest);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Method mainOf(String flow) throws NoSuchMethodException {
        String name = flow.contains(".") ? flow : RunFlow.class.getPackageName() + "." + flow;
        try {
            return Class.forName(name).getMethod("main", String[].class);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no flow \"" + flow + "\"; examples: " + String.join(", ", EXAMPLES), e);
        }
    }
}
