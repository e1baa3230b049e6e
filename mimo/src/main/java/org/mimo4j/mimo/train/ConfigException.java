package org.mimo4j.mimo.train;

/**
 * A config file or option value that cannot be used. The message is one line naming the source (file
 * or option), the key path and what was expected; the CLI prints it as-is and exits with code 2.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
