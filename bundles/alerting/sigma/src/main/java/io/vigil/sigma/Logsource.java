package io.vigil.sigma;

/** Which events a rule is written for, as the rule names them; an absent part is {@code null}. */
public record Logsource(String product, String category, String service) {
}
