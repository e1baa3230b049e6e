package org.mimo4j.data.avdigits;

import java.io.IOException;

/**
 * An external tool needed to build AV-Digits is missing or failed. The message names the tool and,
 * when it is missing, the command that installs it.
 */
public final class ToolException extends IOException {
    private static final long serialVersionUID = 1L;

    public ToolException(String message) {
        super(message);
    }
}
