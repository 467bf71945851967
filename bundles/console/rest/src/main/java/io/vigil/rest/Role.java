package io.vigil.rest;

import java.util.Locale;
import java.util.Optional;

/** What a signed-in user may do; each role may do all the ones before it. */
enum Role {
    /** Reads events, alerts, incidents, lists and status. */
    VIEWER,
    /** Also triages alerts, works incidents and investigations, blocks and watches. */
    HANDLER,
    /** Also manages what the whole installation sees and runs. */
    ADMIN;

    boolean covers(Role needed) {
        return compareTo(needed) >= 0;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Role> of(String name) {
        for (Role role : values()) {
            if (role.label().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
