package io.sluice.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The heap of this JVM as W3 reports it, from the JVM's management beans. Between two
 * collections the heap only grows, so its peak is the heap in use when a collection starts (or
 * now): every collection's before and after figures are taken from the garbage collectors'
 * notifications, from the moment {@link #jvm()} is first called.
 */
final class HeapWatch {

    private static final HeapWatch JVM = new HeapWatch();
    private static final long MIB = 1024 * 1024;

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong maxAfterGc = new AtomicLong();

    private HeapWatch() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(this::onGc, null, null);
        }
    }

    /** This JVM's watch, listening from the first call on. */
    static HeapWatch jvm() {
        return JVM;
    }

    /**
     * What the heap went through so far.
     *
     * @param peakUsed   the most heap in use at any time, in bytes
     * @param maxAfterGc the most heap still in use right after a collection (an upper bound of
     *                   the live data), in bytes
     * @param maxHeap    the heap's limit ({@code -Xmx}), in bytes
     * @param gcCount    collections since the JVM started
     * @param gcMillis   time spent in them, as the collectors account it
     */
    record Report(long peakUsed, long maxAfterGc, long maxHeap, long gcCount, long gcMillis) {

        /** For example {@code "HEAP peak 301 MiB, after GC at most 58 MiB, max 512 MiB; 212 GCs, 1.9 s"}. */
        String line() {
            return String.format(Locale.ROOT, "HEAP peak %d MiB, after GC at most %d MiB, max %d MiB; %d GCs, %.1f s",
                    peakUsed / MIB, maxAfterGc / MIB, maxHeap / MIB, gcCount, gcMillis / 1e3);
        }
    }

    /** The figures so far. */
    Report report() {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new Report(Math.max(peakUsed.get(), used), maxAfterGc.get(), Runtime.getRuntime().maxMemory(), count, millis);
    }

    private void onGc(Notification notification, Object handback) {
        if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
        }
        GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
        peakUsed.accumulateAndGet(heapUsed(info.getMemoryUsageBeforeGc()), Math::max);
        maxAfterGc.accumulateAndGet(heapUsed(info.getMemoryUsageAfterGc()), Math::max);
    }

    private long heapUsed(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream()
                .filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed())
                .sum();
    }
}
