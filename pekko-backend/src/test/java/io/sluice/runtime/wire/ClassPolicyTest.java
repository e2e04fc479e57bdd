package io.sluice.runtime.wire;

import io.sluice.wirefixtures.Bean;
import io.sluice.wirefixtures.Box;
import io.sluice.wirefixtures.Event;
import io.sluice.wirefixtures.Initialized;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The allow-list: what a sender may send, what a receiver may build, and that a hostile batch
 * naming another class is refused before that class is loaded, or at least initialized.
 */
class ClassPolicyTest {

    /** The names the codec asked to load, in order. */
    private final List<String> loaded = new ArrayList<>();

    private ElementCodec observed(List<String> allowed) {
        return ElementCodec.of(allowed, name -> {
            loaded.add(name);
            return ClassPolicy.CLASS_PATH.load(name);
        });
    }

    /** A tagged batch of one {@code OBJECT} of the named class, followed by {@code body}. */
    private static byte[] batchNaming(String className, byte... body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(2);
        out.write(1);
        out.write(5);
        out.write(ElementCodec.TAG_OBJECT);
        out.write(0);
        byte[] name = className.getBytes(StandardCharsets.UTF_8);
        out.write(name.length);
        out.writeBytes(name);
        out.writeBytes(body);
        return out.toByteArray();
    }

    @Test
    void aDeniedClassNameIsRefusedWithoutBeingLoaded() {
        ElementCodec codec = observed(List.of());
        for (String name : List.of("java.io.FileOutputStream", "javax.naming.InitialContext", "sun.misc.Unsafe",
                "jdk.internal.misc.Unsafe", "com.sun.rowset.JdbcRowSetImpl", "org.apache.pekko.actor.ActorSystem",
                "scala.sys.process.Process", "io.sluice.deploy.Deployment", "io.sluice.runtime.wire.WireMessage$Batch",
                "io.sluice.plan.FlowPlan")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> codec.decode(batchNaming(name, (byte) 0)));
            assertTrue(e.getMessage().contains(name), e.getMessage());
            assertTrue(e.getMessage().contains("never decoded"), e.getMessage());
        }
        assertEquals(List.of(), loaded, "no denied class is loaded");
    }

    @Test
    void aBatchOfOneDeniedRecordClassIsRefusedWithoutLoadingIt() {
        ElementCodec codec = observed(List.of());
        byte[] name = "java.lang.Runtime$Version".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {2, 1, 6, (byte) name.length});
        out.writeBytes(name);
        out.write(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(out.toByteArray()));
        assertTrue(e.getMessage().contains("java.lang.Runtime$Version"), e.getMessage());
        assertEquals(List.of(), loaded);
    }

    @Test
    void aNameThatIsNotAClassNameIsRefusedWithoutBeingLoaded() {
        ElementCodec codec = observed(List.of());
        for (String name : List.of("[Ljava.lang.Object;", "a..b", "a.b/c", "com.example.$$Lambda$1/0x1234", ".x", "x.",
                "1abc", "", "a\u0000b")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> codec.decode(batchNaming(name, (byte) 0)));
            assertTrue(e.getMessage().contains("not a class name"), e.getMessage());
        }
        assertEquals(List.of(), loaded);
    }

    @Test
    void aClassThatIsNeitherARecordNorAllowListedIsLoadedButNeverInitialized() {
        ElementCodec codec = observed(List.of());
        String name = "io.sluice.wirefixtures.Initialized";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codec.decode(batchNaming(name, (byte) 0)));
        assertTrue(e.getMessage().contains(name + ", which is not a record, an enum or listed in "
                + "sluice.serialization.allowed-classes"), e.getMessage());
        assertEquals(List.of(name), loaded);
        assertFalse(Initialized.InitProbe.RAN.get(), "its static initializer never ran");
    }

    @Test
    void anUnknownClassIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> observed(List.of()).decode(batchNaming("com.example.NoSuchThing", (byte) 0)));
        assertTrue(e.getMessage().contains("unknown element class com.example.NoSuchThing"), e.getMessage());
    }

    @Test
    void aRecordIsLoadedOncePerCodecAndBuilt() {
        ElementCodec codec = observed(List.of());
        Object[] events = {new Event(1, "a", 2.0), new Box(3L)};
        assertEquals(List.of(events), List.of(codec.decode(codec.encode(events, 0, 2))));
        assertEquals(List.of(events), List.of(codec.decode(codec.encode(events, 0, 2))));
        assertEquals(List.of(Event.class.getName(), Box.class.getName()), loaded);
    }

    @Test
    void aSenderRefusesAClassOutsideTheAllowListNamingTheClassAndTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ElementCodec.standard().encode(new Object[] {new Bean(1, "b")}, 0, 1));
        assertTrue(e.getMessage().contains(Bean.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("sluice.serialization.allowed-classes"), e.getMessage());

        IllegalArgumentException inside = assertThrows(IllegalArgumentException.class,
                () -> ElementCodec.standard().encode(new Object[] {new Box(new Bean(1, "b"))}, 0, 1));
        assertTrue(inside.getMessage().contains("Box.v"), inside.getMessage());
        assertTrue(inside.getMessage().contains("sluice.serialization.allowed-classes"), inside.getMessage());

        IllegalArgumentException jdk = assertThrows(IllegalArgumentException.class,
                () -> ElementCodec.standard().encode(new Object[] {new StringBuilder("x")}, 0, 1));
        assertTrue(jdk.getMessage().contains("java.lang.StringBuilder"), jdk.getMessage());
        assertTrue(jdk.getMessage().contains("never a class under java."), jdk.getMessage());
    }

    @Test
    void anAllowListedBeanCrossesWithJacksonByNameOrPrefix() {
        Object[] beans = {new Bean(3, "c"), new Box(new Bean(4, "d"))};
        for (List<String> allowed : List.of(List.of(Bean.class.getName()), List.of("io.sluice.wirefixtures."))) {
            ElementCodec codec = ElementCodec.allowing(allowed);
            assertEquals(List.of(beans), List.of(codec.decode(codec.encode(beans, 0, 2))));
            byte[] bytes = codec.encode(beans, 0, 2);
            assertThrows(IllegalArgumentException.class, () -> ElementCodec.standard().decode(bytes),
                    "a receiver that does not list the bean refuses it");
        }
    }

    @Test
    void theSettingRefusesDeniedPackagesAndNonNames() {
        for (String entry : List.of("java.util.", "java.io.File", "org.apache.pekko.", "com..x", "com.x/Y", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ElementCodec.allowing(List.of(entry)));
            assertTrue(e.getMessage().contains("sluice.serialization.allowed-classes"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + entry + "'"), e.getMessage());
        }
    }
}
