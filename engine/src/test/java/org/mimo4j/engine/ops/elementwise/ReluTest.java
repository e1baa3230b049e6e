package org.mimo4j.engine.ops.elementwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Relu}'s host backward: gy passes where x > 0 or x is a NaN with its sign bit clear, else +0; the
 * Vector API path gives the scalar loop's bits on values with signed zeros, infinities, NaNs of both signs
 * and subnormals, at lengths around the vector width and above the chunk grain.
 */
class ReluTest {
    /** The quiet NaN with the sign bit set: what x86 arithmetic makes of 0/0 or inf - inf. */
    private static final float NEGATIVE_NAN = Float.intBitsToFloat(0xffc00000);

    @Test
    void theScalarLoopPassesTheGradientWhereXIsPositiveOrAPositiveNan() {
        float[] x = {1f, -1f, 0f, -0f, Float.NaN, Float.MIN_VALUE, -Float.MIN_VALUE, Float.POSITIVE_INFINITY, NEGATIVE_NAN};
        float[] gy = {2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f};
        float[] gx = new float[x.length];
        Relu.hostBackward(x, gy, gx, false);
        assertArrayEquals(new float[] {2f, 0f, 0f, 0f, 6f, 7f, 0f, 9f, 0f}, gx);
    }

    @Test
    void theVectorPathGivesTheScalarLoopsBits() {
        assumeTrue(Relu.SIMD, "the JVM was started without jdk.incubator.vector");
        Random r = new Random(71);
        for (int n : new int[] {1, 15, 16, 17, 33, 100_003}) {
            float[] x = values(r, n), gy = values(r, n);
            float[] scalar = new float[n], vector = new float[n];
            Relu.hostBackward(x, gy, scalar, false);
            Relu.hostBackward(x, gy, vector, true);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(scalar[i]), Float.floatToRawIntBits(vector[i]),
                        "n=" + n + " i=" + i + " x=" + x[i] + " gy=" + gy[i]);
            }
        }
    }

    private static float[] values(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (r.nextInt(12)) {
                case 0 -> r.nextBoolean() ? Float.NaN : NEGATIVE_NAN;
                case 1 -> -0f;
                case 2 -> 0f;
                case 3 -> r.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                case 4 -> r.nextBoolean() ? Float.MIN_VALUE : -Float.MIN_VALUE;
                default -> (float) r.nextGaussian();
            };
        }
        return v;
    }
}
