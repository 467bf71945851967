package io.vigil.support;

/**
 * An event Vigil cannot normalise (MozDef dropped these silently; Vigil dead-letters them with this reason).
 */
public class RejectedEventException extends Exception {

    private static final long serialVersionUID = 1L;

    public RejectedEventException(String reason) {
        super(reason);
    }
}
