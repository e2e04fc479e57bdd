package io.sluice.wirefixtures;

import java.util.Objects;

/** A mutable bean, sent with Jackson only when allow-listed. */
public final class Bean {
    private int count;
    private String name;

    public Bean() {
    }

    public Bean(int count, String name) {
        this.count = count;
        this.name = name;
    }

    public int getCount() {
        return count;
    }

    public void setCount(int count) {
        this.count = count;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bean b && b.count == count && Objects.equals(b.name, name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, name);
    }
}
