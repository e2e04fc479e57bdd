package io.sluice.dataflow.ir;

import io.sluice.dataflow.Cluster;
import io.sluice.dataflow.FlowBuilder;
import io.sluice.dataflow.ForwardRef;
import io.sluice.dataflow.Process;
import io.sluice.dataflow.ProcessStream;
import io.sluice.dataflow.Tick;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FlowPictureTest {

    static final class Leader {
    }

    static final class Worker {
    }

    /** Counts per tick on the workers, retries the odd numbers through a forward reference. */
    private static FlowGraph smallFlow() {
        FlowBuilder flow = new FlowBuilder();
        Process<Leader> leader = flow.process(Leader.class);
        Cluster<Worker> workers = flow.cluster(Worker.class);
        Tick<Cluster<Worker>> tick = workers.tick();
        ForwardRef<ProcessStream<Integer, Leader>> retries = leader.forwardRef();
        ProcessStream<Integer, Leader> done = leader.sourceIter(List.of(1, 2))
                .union(retries.stream())
                .roundRobin(workers)
                .batch(tick)
                .count()
                .intoStream()
                .allTicks()
                .sendAnonymous(leader)
                .map(Long::intValue);
        retries.complete(done.filter(n -> n % 2 == 1).map(n -> n - 1));
        done.forEach(n -> { });
        return flow.build();
    }

    @Test
    void aFlowIsDrawnInMermaidWithLocationsAndTicksAsSubgraphsAndNetworkEdgesByKind() {
        assertEquals("""
                flowchart TD
                    subgraph loc0["io.sluice.dataflow.ir.FlowPictureTest.Leader (process 0)"]
                        n0["0: forwardRef"]
                        n1["1: sourceIter"]
                        n2["2: union"]
                        n7["7: sendAnonymous"]
                        n8["8: map"]
                        n9["9: filter"]
                        n10["10: map"]
                        n11["11: forEach"]
                    end
                    subgraph loc1["io.sluice.dataflow.ir.FlowPictureTest.Worker (cluster 1)"]
                        n3["3: roundRobin"]
                        n6["6: allTicks"]
                        subgraph tick0["tick 0"]
                            n4["4: batch"]
                            n5["5: count"]
                        end
                    end
                    n10 -.-> n0
                    n1 --> n2
                    n0 --> n2
                    n2 -->|roundRobin| n3
                    n3 --> n4
                    n4 --> n5
                    n5 --> n6
                    n6 -->|sendAnonymous| n7
                    n7 --> n8
                    n8 --> n9
                    n9 --> n10
                    n8 --> n11
                """, smallFlow().toMermaid());
    }

    @Test
    void aFlowIsDrawnInDotWithLocationsAndTicksAsClustersAndNetworkEdgesByKind() {
        assertEquals("""
                digraph flow {
                    node [shape=box];
                    subgraph cluster_loc0 { label="io.sluice.dataflow.ir.FlowPictureTest.Leader (process 0)";
                        n0 [label="0: forwardRef"];
                        n1 [label="1: sourceIter"];
                        n2 [label="2: union"];
                        n7 [label="7: sendAnonymous"];
                        n8 [label="8: map"];
                        n9 [label="9: filter"];
                        n10 [label="10: map"];
                        n11 [label="11: forEach"];
                    }
                    subgraph cluster_loc1 { label="io.sluice.dataflow.ir.FlowPictureTest.Worker (cluster 1)";
                        n3 [label="3: roundRobin"];
                        n6 [label="6: allTicks"];
                        subgraph cluster_tick0 { label="tick 0";
                            n4 [label="4: batch"];
                            n5 [label="5: count"];
                        }
                    }
                    n10 -> n0 [style=dashed];
                    n1 -> n2;
                    n0 -> n2;
                    n2 -> n3 [label="roundRobin"];
                    n3 -> n4;
                    n4 -> n5;
                    n5 -> n6;
                    n6 -> n7 [label="sendAnonymous"];
                    n7 -> n8;
                    n8 -> n9;
                    n9 -> n10;
                    n8 -> n11;
                }
                """, smallFlow().toDot());
    }
}
