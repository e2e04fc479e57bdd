package io.sluice.wirefixtures;

/** An answer to request {@code request}: its index among the requests one worker handled. */
public record Answer(int request, long index) {
}
