package io.github.randomuseretl.runner.lambda;

/**
 * The invocation's event is not a tick this handler understands. The message names the field and the
 * shapes accepted; the invocation fails, so the event ends in the on-failure destination for a look.
 */
final class InvalidEventException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    InvalidEventException(String message) {
        super(message);
    }
}
