package org.mimo4j.mimo.moo;

/**
 * A loss or gradient handed to a method was NaN or infinite. Thrown before anything is written to
 * the output, so the parameters keep their last finite state; the message names the objective (row),
 * the parameter group and the element.
 */
public final class NonFiniteGradientException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    NonFiniteGradientException(String message) {
        super(message);
    }

    /** A non-finite loss value of objective {@code name}. */
    static NonFiniteGradientException loss(String name, int index, double value) {
        return new NonFiniteGradientException("loss of objective " + index + " ('" + name + "') is " + value
                + "; expected a finite value (diverged training? lower the learning rate)");
    }

    /** Finds the first bad element of row r, group p and describes it. */
    static NonFiniteGradientException inBlock(GradientBank bank, int r, int p) {
        float[] block = bank.block(r, p);
        String where = "gradient of objective '" + bank.rowName(r) + "' (row " + r + ") for parameter group '"
                + bank.group(p).name() + "'";
        for (int i = 0; i < block.length; i++) {
            if (!Float.isFinite(block[i])) {
                return new NonFiniteGradientException(where + " has " + block[i] + " at element " + i
                        + " of " + block.length + "; expected finite values");
            }
        }
        return new NonFiniteGradientException(where + " is too large: its squared norm overflows float"
                + " (elements beyond ~1e19); expected a finite gradient");
    }

    /** Checks that every value of {@code losses} is finite. */
    static void requireFiniteLosses(double[] losses, String[] names) {
        for (int k = 0; k < losses.length; k++) {
            if (!Double.isFinite(losses[k])) {
                throw loss(names[k], k, losses[k]);
            }
        }
    }
}
