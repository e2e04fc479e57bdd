package io.sluice.runtime.logic;

/** Where operator logic puts its output elements. */
public interface Emitter {

    /** Emits one element. */
    void emit(Object element);

    /** Emits a whole batch as it is; the array is passed on, and nobody writes into it afterwards. */
    void emitAll(Object[] elements);
}
