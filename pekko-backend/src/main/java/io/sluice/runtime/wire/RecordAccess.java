package io.sluice.runtime.wire;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * Calls a {@link RecordCodec}'s composed writer and reader. A method handle held in an instance
 * field is not a constant to the JIT, so each call would go through the handle's generic entry
 * (checks, then a jump into its lambda form, not inlined into the caller). {@link #of} therefore
 * defines, once per record class, a hidden class from {@link RecordAccessTemplate}'s bytes whose
 * class data are the two handles: they become that class's {@code static final} fields, which the
 * JIT folds, so a record is written or read by one piece of compiled code.
 */
interface RecordAccess {

    /** Writes {@code record}'s components: {@code writer.invokeExact(out, record, depth)}. */
    void write(ElementWriter out, Object record, int depth) throws Throwable;

    /** Reads the components and calls the canonical constructor: {@code (Object) reader.invokeExact(in, depth)}. */
    Object read(ElementReader in, int depth) throws Throwable;

    /**
     * The access of {@code writer} {@code (ElementWriter, Object, int)void} and {@code reader}
     * {@code (ElementReader, int)Object}: a hidden class holding them as constants, or, where
     * one cannot be defined, one that invokes them as they are (the same results, slower).
     */
    static RecordAccess of(MethodHandle writer, MethodHandle reader) {
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup()
                    .defineHiddenClassWithClassData(Template.BYTES, List.of(writer, reader), true);
            return (RecordAccess) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return invoking(writer, reader);
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("the hidden class of a record codec could not be made", e);
        }
    }

    /** The access that invokes the handles as they are, where no hidden class can be defined. */
    private static RecordAccess invoking(MethodHandle writer, MethodHandle reader) {
        return new RecordAccess() {
            @Override
            public void write(ElementWriter out, Object record, int depth) throws Throwable {
                writer.invokeExact(out, record, depth);
            }

            @Override
            public Object read(ElementReader in, int depth) throws Throwable {
                return (Object) reader.invokeExact(in, depth);
            }
        };
    }

    /** {@link RecordAccessTemplate}'s class file, read once. */
    final class Template {
        static final byte[] BYTES = read();

        private Template() {
        }

        private static byte[] read() {
            try (InputStream in = RecordAccess.class.getResourceAsStream("RecordAccessTemplate.class")) {
                if (in == null) {
                    throw new IllegalStateException("RecordAccessTemplate.class is missing from the class path");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read RecordAccessTemplate.class", e);
            }
        }
    }
}
