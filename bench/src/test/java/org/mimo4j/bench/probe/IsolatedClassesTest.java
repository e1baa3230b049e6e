package org.mimo4j.bench.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.CpuBackend;

class IsolatedClassesTest {

    /** A side for {@link IsolatedClasses#build}: its argument as its median, a negative one refused. */
    public static final class Echo implements IntToDoubleFunction, Supplier<float[][]>, AutoCloseable {
        private final int value;

        public Echo(int value, String property) {
            if (value < 0) {
                throw new IllegalStateException("refused " + value);
            }
            this.value = value + Integer.getInteger(property, 0);
        }

        @Override
        public double applyAsDouble(int calls) {
            return value;
        }

        @Override
        public float[][] get() {
            return new float[][] {{value}};
        }

        @Override
        public void close() {
        }
    }

    /**
     * Built in this JVM's classes or beside a class path, under the side's properties; a failure inside the
     * constructor comes out as itself here, wrapped with the class path there.
     */
    @Test
    void sidesAreBuiltUnderTheirPropertiesHereOrInALoaderOfTheirOwn() throws Exception {
        try (IsolatedClasses.Side here = IsolatedClasses.build(Echo.class, List.of(),
                Map.of("mimo4j.test.echo", "2"), 5, "mimo4j.test.echo")) {
            assertEquals(7, here.median(1));
            assertSame(Echo.class, here.side().getClass());
        }
        Path engine = IsolatedClasses.locationOf(CpuBackend.class);
        try (IsolatedClasses.Side there = IsolatedClasses.build(Echo.class, List.of(engine), Map.of(), 3, "none")) {
            assertEquals(3f, there.outputs()[0][0]);
            assertNotSame(Echo.class, there.side().getClass());
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> IsolatedClasses.build(Echo.class, List.of(), Map.of(), -1, "none"));
        assertEquals("refused -1", refused.getMessage());
        IllegalArgumentException wrapped = assertThrows(IllegalArgumentException.class,
                () -> IsolatedClasses.build(Echo.class, List.of(engine), Map.of(), -1, "none"));
        assertTrue(wrapped.getMessage().contains("refused -1"), wrapped.getMessage());
        assertEquals(null, System.getProperty("mimo4j.test.echo"));
    }

    @Test
    void classPathsSplitOnTheSeparatorAndSkipBlanks() {
        assertEquals(List.of(Path.of("/a"), Path.of("b/c")), IsolatedClasses.paths("/a" + java.io.File.pathSeparator
                + java.io.File.pathSeparator + "b/c"));
        assertTrue(IsolatedClasses.paths("").isEmpty());
    }

    @Test
    void locationsAreWhereThisJvmLoadedTheClassFrom() {
        assertTrue(Files.exists(IsolatedClasses.locationOf(CpuBackend.class)));
        assertTrue(Files.exists(IsolatedClasses.locationOf(ConvPartAb.class)));
    }

    /**
     * A loader over the engine and this probe gives copies of their classes of its own (the platform loader's
     * JDK types stay shared), and a missing entry is an error naming it.
     */
    @Test
    void aLoaderHasItsOwnCopiesOfTheEngineAndTheProbe() throws Exception {
        try (URLClassLoader loader = IsolatedClasses.loader(List.of(IsolatedClasses.locationOf(CpuBackend.class),
                IsolatedClasses.locationOf(ConvPartAb.class)))) {
            Class<?> side = loader.loadClass(ConvPartAb.Side.class.getName());
            assertNotSame(ConvPartAb.Side.class, side);
            assertNotSame(CpuBackend.class, loader.loadClass(CpuBackend.class.getName()));
            assertTrue(IntToDoubleFunction.class.isAssignableFrom(side));
            assertSame(IntToDoubleFunction.class, loader.loadClass(IntToDoubleFunction.class.getName()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IsolatedClasses.loader(List.of(Path.of("/no/such/classes"))));
        assertTrue(e.getMessage().contains("/no/such/classes"), e.getMessage());
    }
}
