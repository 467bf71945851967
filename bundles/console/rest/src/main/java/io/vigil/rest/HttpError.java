package io.vigil.rest;

/** A request refused with a status and a reason the caller can act on; answered as {@code {"error": reason}}. */
final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Object detail;

    HttpError(int status, String reason) {
        this(status, reason, null);
    }

    /** With {@code detail} (a JSON node) answered beside the reason, e.g. the current version on a conflict. */
    HttpError(int status, String reason, Object detail) {
        super(reason, null, false, false);
        this.status = status;
        this.detail = detail;
    }

    int status() {
        return status;
    }

    Object detail() {
        return detail;
    }

    static HttpError badRequest(String reason) {
        return new HttpError(400, reason);
    }

    static HttpError notFound(String reason) {
        return new HttpError(404, reason);
    }
}
