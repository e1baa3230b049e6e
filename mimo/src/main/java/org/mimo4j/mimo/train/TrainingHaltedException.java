package org.mimo4j.mimo.train;

/**
 * Training stopped because the run can no longer make sense: a loss or gradient became NaN or
 * infinite. The message names the step, the objective and the last good checkpoint (left intact).
 */
public final class TrainingHaltedException extends RuntimeException {
    public TrainingHaltedException(String message, Throwable cause) {
        super(message, cause);
    }
}
