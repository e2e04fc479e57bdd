package io.sluice.runtime.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.dataflow.ir.ExternalBinding;
import io.sluice.dataflow.ir.Node;
import io.sluice.dataflow.ir.NodeVisitor;
import io.sluice.dataflow.ir.Origin;
import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every kind of node has operator logic. The compiler sees to it through {@link NodeVisitor};
 * this test walks the sealed hierarchy itself, so that it also holds for a record the visitor
 * would miss.
 */
class OperatorLogicTest {

    @Test
    void everyConcreteNodeGetsOperatorLogicInATickAndAtTopLevel() {
        List<Class<?>> records = concreteNodes(Node.class);
        assertTrue(records.size() >= 30, "found only " + records + " below Node");
        for (Class<?> type : records) {
            Node node = instance(type);
            for (boolean inTick : new boolean[] {false, true}) {
                OperatorLogic logic = OperatorLogic.of(node, inTick, List.of(1), System::nanoTime, UNUSED_PORTS);
                assertNotNull(logic, type.getSimpleName());
                if (node.inputs().isEmpty()) {
                    assertTrue(logic.isPulled() || logic.timerPeriod().isPresent() || node instanceof Node.ClusterMembers,
                            type.getSimpleName() + " has no inputs, so its logic must be a source");
                }
            }
        }
    }

    @Test
    void sourceIterIsAPulledSourceLogic() {
        OperatorLogic logic = OperatorLogic.of(instance(Node.SourceIter.class), false, List.of(1), System::nanoTime);
        assertInstanceOf(SourceLogic.class, logic);
        assertTrue(logic.isPulled());
    }

    @Test
    void theVisitorHasOneMethodPerNodeRecord() {
        Set<Class<?>> visited = Arrays.stream(NodeVisitor.class.getMethods())
                .map(m -> m.getParameterTypes()[0]).collect(Collectors.toSet());
        assertEquals(Set.copyOf(concreteNodes(Node.class)), visited);
    }

    /** The records below {@code type} in the sealed hierarchy, however deep. */
    private static List<Class<?>> concreteNodes(Class<?> type) {
        List<Class<?>> found = new ArrayList<>();
        if (type.isRecord()) {
            found.add(type);
        }
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                for (Class<?> c : concreteNodes(sub)) {
                    if (!found.contains(c)) {
                        found.add(c);
                    }
                }
            }
        }
        return found;
    }

    /** External ports whose publishers and subscribers must not be used while the logic is built. */
    @SuppressWarnings("unchecked")
    private static final ExternalEndpoints UNUSED_PORTS = binding -> new ExternalEndpoints.Endpoint() {
        @Override
        public java.util.concurrent.Flow.Publisher<Object> requests() {
            return (java.util.concurrent.Flow.Publisher<Object>) placeholder(java.util.concurrent.Flow.Publisher.class);
        }

        @Override
        public java.util.concurrent.Flow.Publisher<Object> connections() {
            return requests();
        }

        @Override
        public java.util.concurrent.Flow.Subscriber<Object> replies(boolean broadcast) {
            return (java.util.concurrent.Flow.Subscriber<Object>) placeholder(java.util.concurrent.Flow.Subscriber.class);
        }

        @Override
        public void release() {
        }
    };

    /** A node of record class {@code type} with placeholder components. */
    private static Node instance(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Object[] args = Arrays.stream(types).map(OperatorLogicTest::placeholder).toArray();
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            return (Node) canonical.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot make a " + type.getSimpleName() + " from " + Arrays.toString(args), e);
        }
    }

    private static Object placeholder(Class<?> type) {
        if (type == int.class) {
            return 0;
        } else if (type == boolean.class) {
            return false;
        } else if (type == Origin.class) {
            return new Origin("test", "OperatorLogicTest.java:1");
        } else if (type == List.class || type == Iterable.class) {
            return List.of(0, 0);
        } else if (type == ExternalBinding.class) {
            return new ExternalBinding("Clients", 0, String.class, String.class, new Origin("test", "OperatorLogicTest.java:1"));
        } else if (type == Duration.class) {
            return Duration.ofSeconds(1);
        } else if (type.isEnum()) {
            return type.getEnumConstants()[0];
        } else if (type.isInterface()) {
            // A function the logic must not call while it is being built.
            return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
                throw new AssertionError("the logic called " + method.getName() + " while being built");
            });
        }
        throw new AssertionError("no placeholder for a component of " + type + ": add one");
    }
}
