package io.sluice.deploy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * A JUnit 5 extension for tests that make the runtime log on purpose (a failing flow, a member
 * that leaves): during each test it holds back the events of the {@code io.sluice} and
 * {@code org.apache.pekko} loggers, which the test can read ({@link #messages}); afterwards it
 * prints every held event that the test did not {@linkplain #expect expect}, and all of them
 * when the test failed. A passing negative test thus prints nothing, and nothing unexpected is
 * hidden. Register it with {@code @RegisterExtension final ExpectedLogs logs = new ExpectedLogs();}.
 */
final class ExpectedLogs implements BeforeEachCallback, AfterEachCallback {

    private static final List<String> LOGGERS = List.of("io.sluice", "org.apache.pekko");

    private final ListAppender<ILoggingEvent> held = new ListAppender<>();
    private final List<Predicate<ILoggingEvent>> expected = new ArrayList<>();

    /** Expects events whose formatted message contains {@code text} (at any level). */
    ExpectedLogs expect(String text) {
        expected.add(e -> e.getFormattedMessage().contains(text));
        return this;
    }

    /** The formatted messages held so far, in order. */
    List<String> messages() {
        synchronized (held) {
            return held.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        held.setContext(root().getLoggerContext());
        held.start();
        for (String name : LOGGERS) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.addAppender(held);
            logger.setAdditive(false);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (String name : LOGGERS) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.detachAppender(held);
            logger.setAdditive(true);
        }
        held.stop();
        boolean failed = context.getExecutionException().isPresent();
        List<ILoggingEvent> events;
        synchronized (held) {
            events = List.copyOf(held.list);
        }
        Logger root = root();
        for (ILoggingEvent event : events) {
            if (failed || expected.stream().noneMatch(p -> p.test(event))) {
                root.callAppenders(event);
            }
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
