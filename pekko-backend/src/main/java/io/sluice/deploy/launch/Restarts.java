package io.sluice.deploy.launch;

import io.sluice.runtime.actor.FlowEvent;
import java.util.Optional;

/**
 * A restart as the driver child reports it to its launcher on one line: its fields separated by
 * tabs, which neither member labels nor node addresses contain.
 */
final class Restarts {

    private static final String SEP = "\t";

    private Restarts() {
    }

    static String encode(FlowEvent.MemberRestarted r) {
        return String.join(SEP, r.member(), r.from(), r.to(), String.valueOf(r.incarnation()),
                String.valueOf(r.noticedAt()), String.valueOf(r.runningAt()), String.valueOf(r.snapshot()));
    }

    static Optional<FlowEvent.MemberRestarted> decode(String text) {
        String[] f = text.split(SEP, -1);
        if (f.length != 7) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FlowEvent.MemberRestarted(f[0], f[1], f[2], Integer.parseInt(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
