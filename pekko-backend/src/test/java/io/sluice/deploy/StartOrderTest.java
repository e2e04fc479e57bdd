package io.sluice.deploy;

import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ir.Node;
import io.sluice.runtime.logic.Emitter;
import io.sluice.runtime.logic.OperatorLogic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An operator's start and its first input come from different actors (its member, its
 * producer), so input can come first: what it did with that input must survive the start.
 */
class StartOrderTest {

    static final class P {
    }

    /** The work queue's live-worker set was reset to empty this way, and no task was ever assigned. */
    @Test
    void aTopLevelFoldThatReceivesABatchBeforeItsStartKeepsItsValue() {
        FlowBuilder flow = new FlowBuilder();
        Process<P> p = flow.process(P.class);
        p.sourceIter(List.of(1, 2, 3)).fold(() -> 0, Integer::sum).sampleEvery(java.time.Duration.ofSeconds(1)).forEach(x -> { });
        Node fold = flow.build().nodes().stream().filter(n -> n instanceof Node.Fold).findFirst().orElseThrow();
        OperatorLogic logic = OperatorLogic.of(fold, false, List.of(1));
        List<Object> out = new ArrayList<>();
        Emitter emitter = new Emitter() {
            @Override
            public void emit(Object element) {
                out.add(element);
            }

            @Override
            public void emitAll(Object[] elements) {
                out.addAll(Arrays.asList(elements));
            }
        };

        logic.onBatch(0, 0, new Object[] {1, 2, 3}, emitter);
        logic.onStart(emitter);
        logic.onBatch(0, 0, new Object[] {4}, emitter);

        assertEquals(List.of(6, 10), out, "the fold's values: the start must not reset it to 0");
    }
}
