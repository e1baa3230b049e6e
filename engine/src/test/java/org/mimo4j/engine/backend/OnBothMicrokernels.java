package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * For the convolution tests that check a layout against the reference on each microkernel: runs {@link
 * #matchesReference} on the Vector API kernel (skipped, saying why, when the JVM lacks the module) and on
 * the scalar one.
 */
abstract class OnBothMicrokernels {

    @Test
    void matchesTheReferenceOnTheVectorKernel() {
        assumeTrue(Microkernels.vectorApiPresent(), "the JVM was started without jdk.incubator.vector");
        matchesReference(Microkernels.vector());
    }

    @Test
    void matchesTheReferenceOnTheScalarKernel() {
        matchesReference(new ScalarMicrokernel());
    }

    /** The layout under test on {@code kernel} against the reference kernels. */
    abstract void matchesReference(Microkernel kernel);
}
