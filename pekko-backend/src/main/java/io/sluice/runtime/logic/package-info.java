/**
 * What each operator does to its elements, one batch at a time, with no Pekko: sources,
 * element-wise operators, folds and keyed state, joins and products, tick entries and exits, time.
 * An operator actor calls an {@link io.sluice.runtime.logic.OperatorLogic} and owns everything
 * else; {@code LogicFactory} gives every kind of node its logic.
 *
 * <p>Internal to Sluice: not an API, and may change in any release. Users depend on
 * {@code io.sluice.dataflow} and {@code io.sluice.deploy} only.
 */
package io.sluice.runtime.logic;
