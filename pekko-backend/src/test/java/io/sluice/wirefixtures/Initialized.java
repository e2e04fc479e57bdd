package io.sluice.wirefixtures;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A class that is not a record and not allow-listed, whose initialization the tests can see:
 * a receiver may load it to check what it is, but must never initialize it.
 */
public final class Initialized {

    static {
        InitProbe.RAN.set(true);
    }

    /** Where the flag lives, so that reading it does not initialize {@link Initialized}. */
    public static final class InitProbe {
        public static final AtomicBoolean RAN = new AtomicBoolean();

        private InitProbe() {
        }
    }
}
