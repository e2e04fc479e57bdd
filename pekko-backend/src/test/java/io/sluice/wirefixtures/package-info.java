/**
 * Element classes for the codec's tests, outside Sluice's runtime packages (whose classes the
 * codec never sends or builds).
 */
package io.sluice.wirefixtures;
