package io.vigil.rest;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

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

    /** The highest of some roles (nulls, for names that are none of Vigil's, skipped); null when there is none. */
    static Role highest(Stream<Role> roles) {
        return roles.filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }

    /** The highest of Vigil's roles among a user's role names; null when there is none. */
    static Role highest(Collection<String> names) {
        return highest(names.stream().map(name -> of(name).orElse(null)));
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
