package org.mimo4j.data.io;

/**
 * Conversion between {@code float} and IEEE 754 binary16 ("half", NumPy {@code f2}) bits. Java 17
 * has no {@code Float.float16ToFloat}; half floats let datasets store spectrograms at half the size.
 */
public final class Half {
    private Half() {
    }

    /** The float value of the given binary16 bits (exact: every half is representable). */
    public static float toFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            // Subnormal halves are mant * 2^-24; the float product is exact.
            float v = mant * 0x1.0p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** The binary16 bits nearest to {@code value} (round half to even, overflow to infinity). */
    public static short fromFloat(float value) {
        int f = Float.floatToRawIntBits(value);
        int sign = (f >>> 16) & 0x8000;
        int exp = (f >>> 23) & 0xFF;
        int mant = f & 0x7FFFFF;
        if (exp == 0xFF) {
            return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            // Subnormal result: shift the full significand (with its hidden bit) into place.
            int m = mant | 0x800000;
            int shift = 14 - e;
            return (short) (sign | roundShift(m, shift));
        }
        return (short) (sign | (e << 10) + roundShift(mant, 13));
    }

    /** {@code value >> shift}, rounded half to even; a carry out of the mantissa bumps the exponent. */
    private static int roundShift(int value, int shift) {
        int result = value >>> shift;
        int rem = value & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rem > halfway || (rem == halfway && (result & 1) == 1)) {
            result++;
        }
        return result;
    }
}
