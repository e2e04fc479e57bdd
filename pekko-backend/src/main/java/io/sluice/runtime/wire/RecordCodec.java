package io.sluice.runtime.wire;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * A record, component by component: bound once per class (its accessors and canonical
 * constructor turned into method handles), so that encoding a record of (long, String, double)
 * is three accessor calls and a handful of raw writes. A primitive component is written as its
 * raw field; any other as a tagged value ({@link ElementWriter#writeValue}), so it keeps its
 * exact class, and may be null.
 */
final class RecordCodec implements ObjectCodec {

    private static final byte REF = 0;
    private static final byte INT = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte FLOAT = 4;
    private static final byte BOOLEAN = 5;
    private static final byte BYTE = 6;
    private static final byte SHORT = 7;
    private static final byte CHAR = 8;

    private final Class<?> type;
    private final String[] names;
    /** A reference component's declared class (boxed for primitives), to check what is read. */
    private final Class<?>[] declared;
    private final byte[] kinds;
    /** Each accessor as {@code (Object)p} for a primitive {@code p}, else {@code (Object)Object}. */
    private final MethodHandle[] getters;
    /**
     * Writes every component in order ({@code (ElementWriter, Object record, int depth)void}), and
     * reads every component in order and calls the canonical constructor
     * ({@code (ElementReader, int depth)Object}).
     */
    private final RecordAccess access;

    private RecordCodec(Class<?> type, String[] names, Class<?>[] declared, byte[] kinds, MethodHandle[] getters,
                        RecordAccess access) {
        this.type = type;
        this.names = names;
        this.declared = declared;
        this.kinds = kinds;
        this.getters = getters;
        this.access = access;
    }

    /**
     * @throws ElementEncodingException if the accessors or the canonical constructor cannot be
     *                                  reached (a record in a module that does not open it)
     */
    static RecordCodec bind(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        int n = components.length;
        String[] names = new String[n];
        Class<?>[] declared = new Class<?>[n];
        byte[] kinds = new byte[n];
        MethodHandle[] getters = new MethodHandle[n];
        Class<?>[] parameters = new Class<?>[n];
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            for (int i = 0; i < n; i++) {
                RecordComponent component = components[i];
                Class<?> c = component.getType();
                names[i] = component.getName();
                parameters[i] = c;
                kinds[i] = kindOf(c);
                declared[i] = MethodType.methodType(c).wrap().returnType();
                Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                getters[i] = lookup.unreflect(accessor)
                        .asType(MethodType.methodType(c.isPrimitive() ? c : Object.class, Object.class));
            }
            Constructor<?> canonical = type.getDeclaredConstructor(parameters);
            canonical.setAccessible(true);
            MethodHandle constructor = lookup.unreflectConstructor(canonical);
            return new RecordCodec(type, names, declared, kinds, getters, RecordAccess.of(composeWriter(kinds, getters),
                    composeReader(kinds, parameters, constructor)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ElementEncodingException("cannot reach the accessors and canonical constructor of the record "
                    + type.getName() + " (" + e + "): open its package to Sluice", e);
        }
    }

    /**
     * One method handle that writes the components in order, each getter filtered into its
     * writer and the writers folded in sequence: invoked once per record, and, once the JVM has
     * customized it for this record class, compiled as one piece of code (no boxing, no array).
     */
    private static MethodHandle composeWriter(byte[] kinds, MethodHandle[] getters) throws ReflectiveOperationException {
        MethodHandle write = MethodHandles.empty(MethodType.methodType(void.class, ElementWriter.class, Object.class,
                int.class));
        for (int i = kinds.length - 1; i >= 0; i--) {
            Class<?> field = getters[i].type().returnType();
            MethodHandle put = HANDLES.findStatic(RecordCodec.class, "put" + KIND_NAMES[kinds[i]],
                    MethodType.methodType(void.class, ElementWriter.class, field, int.class));
            MethodHandle component = MethodHandles.filterArguments(put, 1, getters[i]);
            write = MethodHandles.foldArguments(write, component);
        }
        return write;
    }

    /**
     * One method handle that reads the components in order and calls the canonical constructor:
     * the constructor with {@code (ElementReader, int)} appended, each component's reader folded
     * in at its position from the last to the first, so that the first is read first.
     */
    private static MethodHandle composeReader(byte[] kinds, Class<?>[] parameters, MethodHandle constructor)
            throws ReflectiveOperationException {
        int n = kinds.length;
        MethodHandle build = constructor.asType(constructor.type().changeReturnType(Object.class));
        build = MethodHandles.dropArguments(build, n, ElementReader.class, int.class);
        for (int i = n - 1; i >= 0; i--) {
            Class<?> field = kinds[i] == REF ? Object.class : parameters[i];
            MethodHandle get = HANDLES.findStatic(RecordCodec.class, "get" + KIND_NAMES[kinds[i]],
                    MethodType.methodType(field, ElementReader.class, int.class));
            build = MethodHandles.foldArguments(build, i, get.asType(get.type().changeReturnType(parameters[i])));
        }
        return build;
    }

    private static final MethodHandles.Lookup HANDLES = MethodHandles.lookup();
    private static final String[] KIND_NAMES = {"Ref", "Int", "Long", "Double", "Float", "Boolean", "Byte", "Short", "Char"};

    private static void putRef(ElementWriter out, Object v, int depth) {
        out.writeValue(v, depth + 1);
    }

    private static void putInt(ElementWriter out, int v, int depth) {
        out.writeInt(v);
    }

    private static void putLong(ElementWriter out, long v, int depth) {
        out.writeLong(v);
    }

    private static void putDouble(ElementWriter out, double v, int depth) {
        out.writeLong(Double.doubleToRawLongBits(v));
    }

    private static void putFloat(ElementWriter out, float v, int depth) {
        out.writeInt(Float.floatToRawIntBits(v));
    }

    private static void putBoolean(ElementWriter out, boolean v, int depth) {
        out.writeByte(v ? 1 : 0);
    }

    private static void putByte(ElementWriter out, byte v, int depth) {
        out.writeByte(v);
    }

    private static void putShort(ElementWriter out, short v, int depth) {
        out.writeShort(v);
    }

    private static void putChar(ElementWriter out, char v, int depth) {
        out.writeShort(v);
    }

    private static Object getRef(ElementReader in, int depth) {
        return in.readValue(depth + 1);
    }

    private static int getInt(ElementReader in, int depth) {
        return in.readInt();
    }

    private static long getLong(ElementReader in, int depth) {
        return in.readLong();
    }

    private static double getDouble(ElementReader in, int depth) {
        return Double.longBitsToDouble(in.readLong());
    }

    private static float getFloat(ElementReader in, int depth) {
        return Float.intBitsToFloat(in.readInt());
    }

    private static boolean getBoolean(ElementReader in, int depth) {
        int b = in.readByte();
        if (b != 0 && b != 1) {
            throw new IllegalArgumentException("a boolean component is 0 or 1, not " + b);
        }
        return b == 1;
    }

    private static byte getByte(ElementReader in, int depth) {
        return (byte) in.readByte();
    }

    private static short getShort(ElementReader in, int depth) {
        return in.readShort();
    }

    private static char getChar(ElementReader in, int depth) {
        return (char) in.readShort();
    }

    private static byte kindOf(Class<?> c) {
        if (!c.isPrimitive()) {
            return REF;
        } else if (c == int.class) {
            return INT;
        } else if (c == long.class) {
            return LONG;
        } else if (c == double.class) {
            return DOUBLE;
        } else if (c == float.class) {
            return FLOAT;
        } else if (c == boolean.class) {
            return BOOLEAN;
        } else if (c == byte.class) {
            return BYTE;
        } else if (c == short.class) {
            return SHORT;
        }
        return CHAR;
    }

    /** The class that calls the writer and reader ({@link RecordAccess}): hidden, unless none could be defined. */
    Class<?> accessClass() {
        return access.getClass();
    }

    @Override
    public Class<?> type() {
        return type;
    }

    @Override
    public void write(ElementWriter out, Object value, int depth) {
        try {
            access.write(out, value, depth);
        } catch (ElementEncodingException e) {
            throw locate(out, value, depth);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("an accessor of " + type.getName() + " threw", e);
        }
    }

    /**
     * A component of {@code value} may not be sent: writes it again component by component (into
     * a scratch writer) to say which one, with the path of components inside it.
     */
    private ElementEncodingException locate(ElementWriter out, Object value, int depth) {
        ElementWriter scratch = new ElementWriter(64, 1, out.policy());
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] != REF) {
                continue;
            }
            try {
                scratch.writeValue((Object) getters[i].invokeExact(value), depth + 1);
            } catch (ElementEncodingException e) {
                return e.within(type.getSimpleName() + "." + names[i] + " (declared " + declared[i].getSimpleName() + ")");
            } catch (Throwable e) {
                // not this component's refusal: look further
            }
        }
        return new ElementEncodingException("cannot send a " + type.getName());
    }

    @Override
    public Object read(ElementReader in, int depth) {
        try {
            return access.read(in, depth);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("a component of " + type.getName() + " holds a value of another class"
                    + " than it declares: " + e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalArgumentException("the canonical constructor of " + type.getName()
                    + " refused the decoded components: " + e, e);
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalArgumentException("the canonical constructor of " + type.getName() + " threw " + e, e);
        }
    }

}
