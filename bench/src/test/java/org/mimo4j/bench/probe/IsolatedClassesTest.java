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
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.CpuBackend;

class IsolatedClassesTest {

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
