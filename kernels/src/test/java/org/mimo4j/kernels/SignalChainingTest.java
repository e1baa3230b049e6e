package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link SignalChaining}: the warning is due on Linux without libjsig preloaded, names the library to
 * preload, and is not due with it (among other preloads) or off Linux; and this test JVM has it preloaded,
 * as the build's surefire configuration says.
 */
class SignalChainingTest {

    @Test
    void warnsOnLinuxWithoutLibjsigNamingTheLibrary() {
        String w = SignalChaining.warning("Linux", null, "/opt/jdk");
        assertTrue(w != null && w.contains("LD_PRELOAD=/opt/jdk/lib/libjsig.so"), w);
        assertTrue(SignalChaining.warning("Linux", "/usr/lib/libfoo.so", "/opt/jdk") != null);
    }

    @Test
    void isQuietWithLibjsigPreloadedOrOffLinux() {
        assertNull(SignalChaining.warning("Linux", "/usr/lib/libfoo.so:/opt/jdk/lib/libjsig.so", "/opt/jdk"));
        assertNull(SignalChaining.warning("Mac OS X", null, "/opt/jdk"));
    }

    @Test
    void theTestJvmsPreloadIt() {
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            assertEquals(System.getProperty("java.home") + "/lib/libjsig.so", System.getenv("LD_PRELOAD"),
                    "pom.xml's surefire environment");
        }
    }
}
