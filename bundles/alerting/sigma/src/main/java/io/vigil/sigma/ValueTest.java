package io.vigil.sigma;

import com.fasterxml.jackson.databind.JsonNode;

/** How one value of a rule tests one value of an event; the event is there for what it keeps per value (its folded text). */
@FunctionalInterface
interface ValueTest {

    boolean test(JsonNode value, EventFields event);

    static boolean isScalar(JsonNode node) {
        return node.isTextual() || node.isNumber() || node.isBoolean();
    }
}
