package io.sluice.bench;

import io.sluice.runtime.wire.ElementCodec;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The data plane's codec alone, in this thread: nanoseconds per element to encode and to decode
 * batches of W1's {@code Integer}s and {@code Long}s and of W5's {@code Event} records, as
 * {@code sluice.batch.max-elements} (8192) elements a batch. For before and after a change to
 * {@link ElementCodec}: it has no network, actors or other threads, so it moves less with the
 * machine than {@link Bench}. Every decoded batch is checked against the one encoded.
 *
 * <pre>
 * CodecBench [rounds=30]
 * </pre>
 *
 * Each round encodes and decodes each batch 200 times; the first third of the rounds warm up, and
 * the median and minimum of the rest are printed.
 */
public final class CodecBench {

    private static final int BATCH = 8192;
    private static final int REPEATS = 200;

    private CodecBench() {
    }

    public static void main(String[] args) {
        Mains.run(() -> {
            int rounds = (int) Args.positive(args, 0, 30, "rounds");
            System.out.println("codec, batches of " + BATCH + ", " + rounds + " rounds of " + REPEATS + " batches");
            measure("Integer", i -> 1_000_000 + i, rounds);
            measure("Long", i -> 2_000_000_000_000L + i, rounds);
            measure("Event record", i -> new Event(i, RecordTally.key(i), i), rounds);
        });
    }

    private static void measure(String name, IntFunction<Object> element, int rounds) {
        ElementCodec codec = ElementCodec.standard();
        Object[] batch = new Object[BATCH];
        Arrays.setAll(batch, element::apply);
        double[] encode = new double[rounds];
        double[] decode = new double[rounds];
        long bytes = 0;
        for (int r = 0; r < rounds; r++) {
            byte[] payload = null;
            long start = System.nanoTime();
            for (int k = 0; k < REPEATS; k++) {
                payload = codec.encode(batch, 0, BATCH);
            }
            long encoded = System.nanoTime();
            Object[] decoded = null;
            for (int k = 0; k < REPEATS; k++) {
                decoded = codec.decode(payload);
            }
            long end = System.nanoTime();
            if (!Arrays.equals(batch, decoded)) {
                throw new IllegalStateException(name + ": a decoded batch differs from the one encoded");
            }
            bytes = payload.length;
            encode[r] = (encoded - start) / (double) (REPEATS * BATCH);
            decode[r] = (end - encoded) / (double) (REPEATS * BATCH);
        }
        System.out.println(String.format(Locale.ROOT, "%-13s %5.1f bytes/element  encode %s  decode %s ns/element",
                name, bytes / (double) BATCH, summary(encode), summary(decode)));
    }

    /** {@code "median 1.08 (min 1.03)"} over the rounds after the first third. */
    private static String summary(double[] rounds) {
        double[] counted = Arrays.copyOfRange(rounds, rounds.length / 3, rounds.length);
        Arrays.sort(counted);
        return String.format(Locale.ROOT, "median %.2f (min %.2f)", counted[counted.length / 2], counted[0]);
    }
}
