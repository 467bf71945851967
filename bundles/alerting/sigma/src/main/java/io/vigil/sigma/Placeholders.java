package io.vigil.sigma;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The values of the placeholders that the {@code expand} modifier replaces ({@code %Administrators%}). */
@FunctionalInterface
public interface Placeholders {

    /** The values of {@code name} (without its percent signs), or empty when it is not defined. */
    Optional<List<String>> values(String name);

    Placeholders NONE = name -> Optional.empty();

    static Placeholders of(Map<String, List<String>> values) {
        return name -> Optional.ofNullable(values.get(name));
    }
}
