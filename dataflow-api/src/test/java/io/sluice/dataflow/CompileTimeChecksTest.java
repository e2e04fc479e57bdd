package io.sluice.dataflow;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mistakes that Java's types turn into compile errors: checked by compiling small programs.
 * (They import {@code io.sluice.dataflow.Process} by name: a wildcard import would be ambiguous
 * with {@code java.lang.Process}.)
 */
class CompileTimeChecksTest {

    @TempDir
    Path out;

    private static final String HEADER = """
            import io.sluice.dataflow.Cluster;
            import io.sluice.dataflow.KV;
            import io.sluice.dataflow.MemberId;
            import io.sluice.dataflow.Process;
            import io.sluice.dataflow.Stream;
            import java.util.List;
            class Snippet {
                static final class Leader {}
                static final class Worker {}
                static void flow(Process<Leader> leader, Process<Worker> other, Cluster<Worker> workers) {
            """;

    @Test
    void aWellTypedProgramCompiles() throws IOException {
        List<String> errors = compile("""
                leader.sourceIter(List.of(1)).roundRobin(workers).map(n -> n * 2).sendAnonymous(leader).forEach(n -> {});
                Stream<KV<MemberId<Worker>, Integer>, Process<Leader>> tagged = workers.sourceIter(List.of(1)).send(leader);
                tagged.forEach(kv -> System.out.println(kv.key().raw()));
                """);
        assertEquals(List.of(), errors);
    }

    @Test
    void streamsOfDifferentLocationTypesCannotBeCombined() throws IOException {
        List<String> errors = compile("leader.sourceIter(List.of(1)).union(other.sourceIter(List.of(2)));");
        assertFalse(errors.isEmpty());
        assertTrue(errors.get(0).contains("Process<Snippet.Leader>"), errors.toString());
    }

    @Test
    void aProcessStreamHasNoAnonymousSend() throws IOException {
        List<String> errors = compile("leader.sourceIter(List.of(1)).sendAnonymous(leader);");
        assertFalse(errors.isEmpty());
        assertTrue(errors.get(0).contains("sendAnonymous"), errors.toString());
    }

    @Test
    void aStreamSentFromAClusterIsTaggedWithTheSendersId() throws IOException {
        List<String> errors = compile(
                "Stream<Integer, Process<Leader>> untagged = workers.sourceIter(List.of(1)).send(leader);");
        assertFalse(errors.isEmpty());
        assertTrue(errors.get(0).contains("incompatible types"), errors.toString());
    }

    @Test
    void liveCollectionsChainAcrossKindsAndKeepTheirLocationsNetworkOperators() throws IOException {
        List<String> errors = compile("""
                io.sluice.dataflow.Tick<Cluster<Worker>> tick = workers.tick();
                leader.sourceIter(List.of("a b", "b")).roundRobin(workers)
                      .flatMap(l -> List.of(l.split(" ")))
                      .batch(tick)
                      .keyBy(w -> w)
                      .count()
                      .entries()
                      .allTicks()
                      .sendAnonymous(leader)
                      .<String, Long>intoKeyed()
                      .reduceCommutative(Long::sum)
                      .sampleEvery(java.time.Duration.ofSeconds(1))
                      .forEach(kv -> System.out.println(kv.key() + " " + kv.value()));
                workers.sourceIter(List.of(1)).batch(tick).count().intoStream().allTicks().send(leader)
                       .forEach(kv -> System.out.println(kv.key().raw() + ": " + kv.value()));
                """);
        assertEquals(List.of(), errors);
    }

    @Test
    void singletonsAndKeyedStreamsCannotBeSentWithoutBecomingStreams() throws IOException {
        List<String> errors = compile("leader.sourceIter(List.of(1)).count().send(other);");
        assertFalse(errors.isEmpty());
        assertTrue(errors.get(0).contains("send"), errors.toString());
        errors = compile("workers.sourceIter(List.of(1)).keyBy(x -> x).sendAnonymous(leader);");
        assertFalse(errors.isEmpty());
        assertTrue(errors.get(0).contains("sendAnonymous"), errors.toString());
    }

    @Test
    void aTickOfAnotherLocationDoesNotTypeCheck() throws IOException {
        List<String> errors = compile("leader.sourceIter(List.of(1)).batch(workers.tick());");
        assertFalse(errors.isEmpty());
        assertTrue(errors.get(0).contains("incompatible types"), errors.toString());
    }

    private List<String> compile(String body) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        String source = HEADER + body + "\n}\n}\n";
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Snippet.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        Files.createDirectories(out);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        compiler.getTask(null, null, diagnostics,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString()),
                null, List.of(file)).call();
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(null))
                .toList();
    }
}
