package io.sluice.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Prints how long a test class took, from before its kit started its systems to after they
 * stopped (register it with {@code @ExtendWith}, which runs around the kit's field), and how long
 * each test took.
 */
final class ClassTimer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private long classStart;
    private long testStart;

    @Override
    public void beforeAll(ExtensionContext context) {
        classStart = System.nanoTime();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        testStart = System.nanoTime();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.out.printf("[timing] %s.%s: %d ms%n", context.getRequiredTestClass().getSimpleName(),
                context.getRequiredTestMethod().getName(), (System.nanoTime() - testStart) / 1_000_000);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.out.printf("[timing] %s: whole class, systems started and stopped included: %d ms%n",
                context.getRequiredTestClass().getSimpleName(), (System.nanoTime() - classStart) / 1_000_000);
    }
}
