package io.sluice.dataflow.ir;

/**
 * Which operator made a node and where in the user's code: what error messages name.
 *
 * @param operator the API operator, e.g. {@code map} or {@code roundRobin}
 * @param site     the user's call site, e.g. {@code FirstTen.java:21 (io.sluice.examples.FirstTen.main)}
 */
public record Origin(String operator, String site) {

    @Override
    public String toString() {
        return operator + " at " + site;
    }
}
