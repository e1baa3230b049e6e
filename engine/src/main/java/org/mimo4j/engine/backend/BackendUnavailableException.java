package org.mimo4j.engine.backend;

/** A backend cannot be used on this machine; the message says why and what to install. */
public class BackendUnavailableException extends Exception {
    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
