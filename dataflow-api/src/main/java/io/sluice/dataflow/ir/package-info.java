/**
 * The intermediate representation of a flow: an immutable graph of {@link io.sluice.dataflow.ir.Node}
 * records, built by {@link io.sluice.dataflow.FlowBuilder} and read by backends.
 *
 * <p>This package is the contract between the API and a backend, not a user API: user code
 * builds graphs through {@code Stream} operators. Nodes refer to their inputs and locations by
 * id; ids are handed out in creation order, so every JVM that runs the same program builds the
 * same graph with the same ids (the SPMD rule). Nodes hold the user's functions as plain Java
 * objects: lambdas are never serialized.
 */
package io.sluice.dataflow.ir;

