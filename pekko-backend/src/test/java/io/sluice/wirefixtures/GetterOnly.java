package io.sluice.wirefixtures;

/** Serializable by Jackson (a getter) but not rebuildable (no way to set the property). */
public final class GetterOnly {
    public int getValue() {
        return 7;
    }
}
