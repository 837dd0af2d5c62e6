package io.github.randomuseretl.core.port;

/** The raw archive could not store or read an object; the message names the object and the cause. */
public class ArchiveException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     * @param cause   why, or {@code null}
     */
    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what failed */
    public ArchiveException(String message) {
        super(message);
    }
}
