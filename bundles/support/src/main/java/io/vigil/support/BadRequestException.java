package io.vigil.support;

/** Input that is refused as a whole, with the HTTP status that says why (400, 413, 415) and a reason for people. */
public class BadRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    public BadRequestException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
