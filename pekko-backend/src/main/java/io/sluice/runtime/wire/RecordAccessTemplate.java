package io.sluice.runtime.wire;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.List;

/**
 * The class file {@link RecordAccess#of} defines a hidden class from, once per record class; never
 * loaded as itself. Its class data are the record codec's writer and reader, which its static
 * initializer reads into constants.
 */
final class RecordAccessTemplate implements RecordAccess {

    private static final MethodHandle WRITER;
    private static final MethodHandle READER;

    static {
        try {
            @SuppressWarnings("unchecked")
            List<MethodHandle> handles = MethodHandles.classData(MethodHandles.lookup(), "_", List.class);
            WRITER = handles.get(0);
            READER = handles.get(1);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public void write(ElementWriter out, Object record, int depth) throws Throwable {
        WRITER.invokeExact(out, record, depth);
    }

    @Override
    public Object read(ElementReader in, int depth) throws Throwable {
        return (Object) READER.invokeExact(in, depth);
    }
}
