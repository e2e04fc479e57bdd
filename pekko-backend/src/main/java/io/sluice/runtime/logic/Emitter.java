package io.sluice.runtime.logic;

/** Where operator logic puts its output elements. */
public interface Emitter {

    /** Emits one element. */
    void emit(Object element);

    /** Emits a whole batch as it is; the array is passed on, and nobody writes into it afterwards. */
    void emitAll(Object[] elements);

    /**
     * Sends what was emitted so far now, rather than when the operator has handled its message
     * (a source's round goes out before it asks its iterator for more).
     */
    void flush();
}
