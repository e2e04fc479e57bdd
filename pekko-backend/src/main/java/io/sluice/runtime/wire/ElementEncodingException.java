package io.sluice.runtime.wire;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An element that the codec may not send, with the path of record components that lead to the
 * value at fault ({@code Order.lines -> Line.tags}), so that the message says where to look.
 */
final class ElementEncodingException extends IllegalArgumentException {

    private final String problem;
    private final Deque<String> path = new ArrayDeque<>();

    ElementEncodingException(String problem) {
        super(problem);
        this.problem = problem;
    }

    ElementEncodingException(String problem, Throwable cause) {
        super(problem, cause);
        this.problem = problem;
    }

    /** The value at fault is inside {@code component} (outermost first once the stack unwinds). */
    ElementEncodingException within(String component) {
        path.addFirst(component);
        return this;
    }

    @Override
    public String getMessage() {
        return path.isEmpty() ? problem : "in record component " + String.join(" -> ", path) + ": " + problem;
    }
}
