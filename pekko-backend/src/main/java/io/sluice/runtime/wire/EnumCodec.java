package io.sluice.runtime.wire;

/** An enum's constants by ordinal (every member runs the same program, so ordinals agree). */
final class EnumCodec implements ObjectCodec {

    private final Class<?> type;
    /** Read on first use: getting the constants initializes the class, which is admitted by then. */
    private volatile Object[] constants;

    EnumCodec(Class<?> type) {
        this.type = type;
    }

    @Override
    public Class<?> type() {
        return type;
    }

    @Override
    public void write(ElementWriter out, Object value, int depth) {
        out.writeVarint(((Enum<?>) value).ordinal());
    }

    @Override
    public Object read(ElementReader in, int depth) {
        Object[] all = constants;
        if (all == null) {
            all = type.getEnumConstants();
            constants = all;
        }
        int ordinal = in.readVarint();
        if (ordinal >= all.length) {
            throw new IllegalArgumentException(type.getName() + " has " + all.length + " constants, not an ordinal " + ordinal);
        }
        return all[ordinal];
    }
}
