package io.sluice.testkit.sim;

import io.sluice.dataflow.ir.LocationInfo;
import io.sluice.dataflow.ir.LocationKind;
import io.sluice.dataflow.ir.Node;
import io.sluice.plan.FlowPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What happened in one run, step by step, rendered only when asked (a failure, or
 * {@code Sim.trace()}). Each line is one step: a delivery (which channel, which elements), a tick
 * opening (what entered it through each entry), a timer, an input the test sent, an output it
 * got; a step that was one of several possible says so ({@code [choice 2 of 3]}).
 */
final class Trace {

    private static final int MAX_ELEMENTS_CHARS = 160;

    /** One step, its text made when the trace is rendered. */
    private sealed interface Step permits Started, Delivered, TickOpened, Fired, Input, Output, LoopEnded, Advanced,
            Crashed, Note {
    }

    private record Crashed(int location, int member, int choice, int options, long time) implements Step {
    }

    private record Started(int operators) implements Step {
    }

    private record Delivered(Channel channel, Message message, int choice, int options, long time) implements Step {
    }

    private record TickOpened(TickState tick, long number, List<List<Object>> entered, int choice, int options,
                              long time) implements Step {
    }

    private record Fired(Cell cell, int choice, int options, long time) implements Step {
    }

    private record Input(String handle, Object value, long time) implements Step {
    }

    private record Output(String handle, Object value, Cell at, long time) implements Step {
    }

    private record LoopEnded(int loop, long time) implements Step {
    }

    private record Advanced(long from, long to) implements Step {
    }

    private record Note(String text) implements Step {
    }

    private final List<Step> steps = new ArrayList<>();
    /** The simulator's own inputs, by the queue that feeds them: traces name them as the test does. */
    private final java.util.Map<Object, String> inputs = new java.util.IdentityHashMap<>();
    private FlowPlan plan;

    void input(Object queue, String name) {
        inputs.put(queue, name);
    }

    void plan(FlowPlan plan) {
        this.plan = plan;
    }

    void started(int operators) {
        steps.add(new Started(operators));
    }

    void delivered(Channel c, Message m, int choice, int options, long time) {
        steps.add(new Delivered(c, m, choice, options, time));
    }

    void tickOpened(TickState t, List<List<Object>> entered, int choice, int options, long time) {
        steps.add(new TickOpened(t, t.opened, entered, choice, options, time));
    }

    void fired(Cell cell, int choice, int options, long time) {
        steps.add(new Fired(cell, choice, options, time));
    }

    void input(String handle, Object value, long time) {
        steps.add(new Input(handle, value, time));
    }

    void output(String handle, Object value, Cell at, long time) {
        steps.add(new Output(handle, value, at, time));
    }

    void loopEnded(int loop, long time) {
        steps.add(new LoopEnded(loop, time));
    }

    void advanced(long from, long to) {
        steps.add(new Advanced(from, to));
    }

    void crashed(int location, int member, int choice, int options, long time) {
        steps.add(new Crashed(location, member, choice, options, time));
    }

    void note(String text) {
        steps.add(new Note(text));
    }

    int size() {
        return steps.size();
    }

    /** The trace, one numbered line per step. */
    String render() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            sb.append(String.format("%5d  ", i + 1)).append(line(steps.get(i))).append('\n');
        }
        return sb.toString();
    }

    private String line(Step step) {
        if (step instanceof Started s) {
            return "start    " + s.operators() + " operators on " + plan.allMembers().size() + " members";
        }
        if (step instanceof Delivered d) {
            Cell from = d.channel().from;
            Cell to = d.channel().to;
            boolean elsewhere = from.plan.node().location() != to.plan.node().location() || from.member != to.member;
            return "deliver  " + member(plan, to) + "  " + op(to) + "  <-  "
                    + (elsewhere ? member(plan, from) : op(from))
                    + ": " + elements(Arrays.asList(d.message().elements()))
                    + (d.message().tickEnd() ? " (end of tick)" : "") + at(d.time()) + choice(d.choice(), d.options());
        }
        if (step instanceof TickOpened t) {
            return "tick     " + member(plan, t.tick().entries.get(0)) + "  tick " + t.tick().plan.tick()
                    + " opens (its " + ordinal(t.number()) + ")" + entered(t) + at(t.time())
                    + choice(t.choice(), t.options());
        }
        if (step instanceof Fired f) {
            return "timer    " + member(plan, f.cell()) + "  " + op(f.cell()) + at(f.time()) + choice(f.choice(), f.options());
        }
        if (step instanceof Input in) {
            return "input    " + in.handle() + " <- " + value(in.value()) + at(in.time());
        }
        if (step instanceof Output out) {
            return "output   " + out.handle() + " <- " + value(out.value()) + " (from "
                    + (out.at() == null ? "the test" : member(plan, out.at())) + ")" + at(out.time());
        }
        if (step instanceof LoopEnded l) {
            return "loop     loop " + l.loop() + " ends: nothing in flight, its region is quiet" + at(l.time());
        }
        if (step instanceof Advanced a) {
            return "advance  virtual time " + time(a.from()) + " -> " + time(a.to());
        }
        if (step instanceof Crashed c) {
            return "crash    " + member(plan, c.location(), c.member()) + " crashes" + at(c.time())
                    + choice(c.choice(), c.options());
        }
        return "note     " + ((Note) step).text();
    }

    private String entered(TickOpened t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.tick().entries.size(); i++) {
            Cell e = t.tick().entries.get(i);
            sb.append(i == 0 ? ": " : "; ").append(op(e)).append(" = ").append(elements(t.entered().get(i)));
        }
        return sb.toString();
    }

    static String member(FlowPlan plan, Cell cell) {
        return member(plan, cell.plan.node().location(), cell.member);
    }

    /** A member as traces name it: {@code Worker (cluster 1) / 2}, {@code Leader (process 0)}. */
    static String member(FlowPlan plan, int location, int member) {
        LocationInfo l = plan.location(location);
        String simple = l.name().substring(l.name().lastIndexOf('.') + 1);
        String label = simple + " (" + l.kind().word() + " " + l.id() + ")";
        return l.kind() == LocationKind.CLUSTER ? label + " / " + member : label;
    }

    private String op(Cell cell) {
        Node n = cell.plan.node();
        if (n instanceof Node.SourceStream source && inputs.containsKey(source.publisher())) {
            return inputs.get(source.publisher()) + " #" + n.id();
        }
        String site = n.origin().site();
        int paren = site.indexOf(" (");
        return n.origin().operator() + " #" + n.id() + " @" + (paren < 0 ? site : site.substring(0, paren));
    }

    private static String elements(List<Object> elements) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(value(elements.get(i)));
            if (sb.length() > MAX_ELEMENTS_CHARS) {
                sb.append(", ... (").append(elements.size()).append(" in all)");
                break;
            }
        }
        return sb.append(']').toString();
    }

    private static String value(Object v) {
        String s = String.valueOf(v);
        return s.length() > MAX_ELEMENTS_CHARS ? s.substring(0, MAX_ELEMENTS_CHARS) + "..." : s;
    }

    private static String at(long time) {
        return time == 0 ? "" : "  at " + time(time);
    }

    static String time(long nanos) {
        return "+" + Duration.ofNanos(nanos).toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    private static String choice(int choice, int options) {
        return options < 2 ? "" : "  [choice " + (choice + 1) + " of " + options + "]";
    }

    private static String ordinal(long n) {
        long mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th"
                : switch ((int) (n % 10)) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }
}
