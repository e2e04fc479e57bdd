package io.sluice.runtime.wire;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The collection classes that cross the network as {@code LIST}, {@code SET} and {@code MAP}
 * values, each as a kind byte, and arrive as the same class: a value never changes its class on
 * the way. {@code List.of}, {@code Set.of} and {@code Map.of} collections are rebuilt by the same
 * factories, so the JDK's implementation class for their size is the one the sender had; a
 * sorted collection only with its natural order (a comparator cannot be sent).
 */
final class WireCollections {

    static final int ARRAY_LIST = 0;
    static final int LINKED_LIST = 1;
    static final int LIST_OF = 2;

    static final int HASH_SET = 0;
    static final int LINKED_HASH_SET = 1;
    static final int TREE_SET = 2;
    static final int SET_OF = 3;

    static final int HASH_MAP = 0;
    static final int LINKED_HASH_MAP = 1;
    static final int TREE_MAP = 2;
    static final int MAP_OF = 3;

    static final int NONE = -1;

    private static final Class<?> LIST_0 = List.of().getClass();
    private static final Class<?> LIST_12 = List.of(1).getClass();
    private static final Class<?> LIST_N = List.of(1, 2, 3).getClass();
    private static final Class<?> SET_0 = Set.of().getClass();
    private static final Class<?> SET_12 = Set.of(1).getClass();
    private static final Class<?> SET_N = Set.of(1, 2, 3).getClass();
    private static final Class<?> MAP_0 = Map.of().getClass();
    private static final Class<?> MAP_1 = Map.of(1, 1).getClass();
    private static final Class<?> MAP_N = Map.of(1, 1, 2, 2).getClass();

    static final String SUPPORTED = "collections cross the network as ArrayList, LinkedList, List.of(...), HashSet,"
            + " LinkedHashSet, TreeSet (natural order), Set.of(...), HashMap, LinkedHashMap, TreeMap (natural order)"
            + " or Map.of(...), and arrive as the same class";

    private WireCollections() {
    }

    /** The kind of a list, or {@link #NONE}. */
    static int listKind(List<?> list) {
        Class<?> c = list.getClass();
        if (c == ArrayList.class) {
            return ARRAY_LIST;
        } else if (c == LinkedList.class) {
            return LINKED_LIST;
        } else if (c == LIST_12 || c == LIST_N) {
            int n = list.size();
            if (c != (n == 0 ? LIST_0 : n <= 2 ? LIST_12 : LIST_N) || hasNull(list)) {
                throw refused(c, "an unmodifiable list of " + n + " elements that List.of would not rebuild as the same"
                        + " class (made by Stream.toList()?): send List.copyOf(it), or a new ArrayList<>(it) if it holds nulls");
            }
            return LIST_OF;
        }
        return NONE;
    }

    /** The kind of a set, or {@link #NONE}. */
    static int setKind(Set<?> set) {
        Class<?> c = set.getClass();
        if (c == HashSet.class) {
            return HASH_SET;
        } else if (c == LinkedHashSet.class) {
            return LINKED_HASH_SET;
        } else if (c == TreeSet.class) {
            if (((TreeSet<?>) set).comparator() != null) {
                throw refused(c, "a TreeSet with a comparator, which cannot be sent: send a TreeSet in natural order,"
                        + " or a LinkedHashSet of its elements in order");
            }
            return TREE_SET;
        } else if (c == SET_12 || c == SET_N) {
            return SET_OF;
        }
        return NONE;
    }

    /** The kind of a map, or {@link #NONE}. */
    static int mapKind(Map<?, ?> map) {
        Class<?> c = map.getClass();
        if (c == HashMap.class) {
            return HASH_MAP;
        } else if (c == LinkedHashMap.class) {
            return LINKED_HASH_MAP;
        } else if (c == TreeMap.class) {
            if (((TreeMap<?, ?>) map).comparator() != null) {
                throw refused(c, "a TreeMap with a comparator, which cannot be sent: send a TreeMap in natural order,"
                        + " or a LinkedHashMap of its entries in order");
            }
            return TREE_MAP;
        } else if (c == MAP_0 || c == MAP_1 || c == MAP_N) {
            return MAP_OF;
        }
        return NONE;
    }

    /** A new, empty, mutable list of {@code kind}, or null for {@code List.of} (built from an array). */
    static List<Object> newList(int kind, int count) {
        return switch (kind) {
            case ARRAY_LIST -> new ArrayList<>(count);
            case LINKED_LIST -> new LinkedList<>();
            case LIST_OF -> null;
            default -> throw new IllegalArgumentException("unknown list kind " + kind);
        };
    }

    static Set<Object> newSet(int kind, int count) {
        return switch (kind) {
            case HASH_SET -> new HashSet<>(capacity(count));
            case LINKED_HASH_SET -> new LinkedHashSet<>(capacity(count));
            case TREE_SET -> new TreeSet<>();
            case SET_OF -> null;
            default -> throw new IllegalArgumentException("unknown set kind " + kind);
        };
    }

    static Map<Object, Object> newMap(int kind, int count) {
        return switch (kind) {
            case HASH_MAP -> new HashMap<>(capacity(count));
            case LINKED_HASH_MAP -> new LinkedHashMap<>(capacity(count));
            case TREE_MAP -> new TreeMap<>();
            case MAP_OF -> null;
            default -> throw new IllegalArgumentException("unknown map kind " + kind);
        };
    }

    /** The refusal of a collection of a class that does not cross the network. */
    static ElementEncodingException unsupported(Class<?> c) {
        return refused(c, "not one of them: " + SUPPORTED + "; copy it into one of those (e.g. new ArrayList<>(it),"
                + " List.copyOf(it), new HashMap<>(it))");
    }

    private static ElementEncodingException refused(Class<?> c, String why) {
        return new ElementEncodingException("cannot send a " + c.getName() + ", " + why);
    }

    private static boolean hasNull(Collection<?> values) {
        for (Object v : values) {
            if (v == null) {
                return true;
            }
        }
        return false;
    }

    private static int capacity(int count) {
        return count < 3 ? 4 : (int) Math.min(Integer.MAX_VALUE, (long) count * 4 / 3 + 1);
    }
}
