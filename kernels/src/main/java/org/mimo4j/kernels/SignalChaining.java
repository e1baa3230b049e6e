package org.mimo4j.kernels;

import java.util.Locale;

/**
 * Whether the JVM keeps its own signal handlers when an OpenCL driver loads LLVM. The JVM relies on
 * SIGSEGV for normal work: implicit null checks in compiled code, safepoint polls. PoCL's compiler (LLVM)
 * installs its own crash handlers for SIGSEGV, SIGBUS, SIGILL and SIGFPE when it initialises, with
 * SA_RESETHAND, so the next such trap in Java code kills the process with "Segmentation fault" and no
 * hs_err file. {@code java -Xcheck:jni} shows it: "SIGSEGV: ... in libLLVM-15.so.1 ... Handler was
 * modified!". It happened in a test JVM here about once in ten builds (2026-11-27).
 *
 * <p>The JVM's own remedy is signal chaining: with {@code libjsig.so} preloaded
 * ({@code LD_PRELOAD=<java.home>/lib/libjsig.so}), a library's sigaction is recorded behind the JVM's
 * handler instead of replacing it. The test build, the {@code mimo4j} launcher and the bench scripts preload
 * it; {@link #warning} tells everyone else, once, when OpenCL is opened without it.
 */
final class SignalChaining {
    private static boolean warned;

    private SignalChaining() {
    }

    /** The warning for a JVM on {@code os} whose {@code LD_PRELOAD} is {@code preload}, or null when none is due. */
    static String warning(String os, String preload, String javaHome) {
        if (!os.toLowerCase(Locale.ROOT).contains("linux") || preload != null && preload.contains("libjsig")) {
            return null;
        }
        return "OpenCL drivers built on LLVM (PoCL) replace the JVM's SIGSEGV handler, which can crash the JVM;"
                + " start it with LD_PRELOAD=" + javaHome + "/lib/libjsig.so (the mimo4j launcher does)";
    }

    /** Prints {@link #warning} for this JVM to stderr, once per JVM. */
    static synchronized void warnOnce() {
        if (warned) {
            return;
        }
        warned = true;
        String w = warning(System.getProperty("os.name", ""), System.getenv("LD_PRELOAD"), System.getProperty("java.home"));
        if (w != null) {
            System.err.println("mimo4j: " + w);
        }
    }
}
