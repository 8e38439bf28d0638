package dev.roomcast.systemtests.engines;

/** The driver or the page failed: a script threw, an element was missing, the browser went away. */
public class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
