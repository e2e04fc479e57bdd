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
    /** The canonical constructor as {@code (Object[])Object}. */
    private final MethodHandle constructor;

    private RecordCodec(Class<?> type, String[] names, Class<?>[] declared, byte[] kinds, MethodHandle[] getters,
                        MethodHandle constructor) {
        this.type = type;
        this.names = names;
        this.declared = declared;
        this.kinds = kinds;
        this.getters = getters;
        this.constructor = constructor;
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
            MethodHandle constructor = lookup.unreflectConstructor(canonical)
                    .asSpreader(Object[].class, n)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            return new RecordCodec(type, names, declared, kinds, getters, constructor);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ElementEncodingException("cannot reach the accessors and canonical constructor of the record "
                    + type.getName() + " (" + e + "): open its package to Sluice", e);
        }
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

    @Override
    public Class<?> type() {
        return type;
    }

    @Override
    public void write(ElementWriter out, Object value, int depth) {
        for (int i = 0; i < kinds.length; i++) {
            MethodHandle getter = getters[i];
            try {
                switch (kinds[i]) {
                    case INT -> out.writeInt((int) getter.invokeExact(value));
                    case LONG -> out.writeLong((long) getter.invokeExact(value));
                    case DOUBLE -> out.writeLong(Double.doubleToRawLongBits((double) getter.invokeExact(value)));
                    case FLOAT -> out.writeInt(Float.floatToRawIntBits((float) getter.invokeExact(value)));
                    case BOOLEAN -> out.writeByte((boolean) getter.invokeExact(value) ? 1 : 0);
                    case BYTE -> out.writeByte((byte) getter.invokeExact(value));
                    case SHORT -> out.writeShort((short) getter.invokeExact(value));
                    case CHAR -> out.writeShort((char) getter.invokeExact(value));
                    default -> out.writeValue((Object) getter.invokeExact(value), depth + 1);
                }
            } catch (ElementEncodingException e) {
                throw e.within(type.getSimpleName() + "." + names[i] + " (declared " + declared[i].getSimpleName() + ")");
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("the accessor of " + type.getName() + "." + names[i] + " threw", e);
            }
        }
    }

    @Override
    public Object read(ElementReader in, int depth) {
        Object[] args = new Object[kinds.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = switch (kinds[i]) {
                case INT -> in.readInt();
                case LONG -> in.readLong();
                case DOUBLE -> Double.longBitsToDouble(in.readLong());
                case FLOAT -> Float.intBitsToFloat(in.readInt());
                case BOOLEAN -> readBoolean(in, i);
                case BYTE -> (byte) in.readByte();
                case SHORT -> in.readShort();
                case CHAR -> (char) in.readShort();
                default -> {
                    Object v = in.readValue(depth + 1);
                    if (v != null && !declared[i].isInstance(v)) {
                        throw new IllegalArgumentException("component " + type.getName() + "." + names[i] + " is declared "
                                + declared[i].getName() + " but the batch holds a " + v.getClass().getName());
                    }
                    yield v;
                }
            };
        }
        try {
            return (Object) constructor.invokeExact(args);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalArgumentException("the canonical constructor of " + type.getName()
                    + " refused the decoded components: " + e, e);
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalArgumentException("the canonical constructor of " + type.getName() + " threw " + e, e);
        }
    }

    private boolean readBoolean(ElementReader in, int component) {
        int b = in.readByte();
        if (b != 0 && b != 1) {
            throw new IllegalArgumentException("component " + type.getName() + "." + names[component]
                    + " is a boolean, not " + b);
        }
        return b == 1;
    }
}
