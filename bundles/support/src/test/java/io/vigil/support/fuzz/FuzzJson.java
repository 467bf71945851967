package io.vigil.support.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * JSON as senders get it wrong: objects whose keys are mostly the ones a parser looks for (so its branches are
 * reached) with values of any type, nested a few levels, and some keys of no meaning.
 */
public final class FuzzJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FuzzJson() {
    }

    /** Scalars of every JSON type, including the awkward ones: huge numbers, empty and odd strings. */
    public static Arbitrary<JsonNode> scalars() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40).map(NODES::textNode),
                Arbitraries.of("", " ", "null", "2026-12-08T10:00:00Z", "1733650000", "1e309", "-0", "NaN", "203.0.113.7", "::1", "{\"a\":1}", "[]",
                        "H4sIAAAAAAAA", "\u0000", "\uD800").map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode), Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.bigIntegers().between(new BigInteger("-1" + "0".repeat(30)), new BigInteger("1" + "0".repeat(30))).map(NODES::numberNode),
                Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode()));
    }

    /** Values up to {@code depth} levels deep, objects keyed mostly by {@code keys}. */
    public static Arbitrary<JsonNode> values(int depth, List<String> keys) {
        if (depth == 0) {
            return scalars();
        }
        Arbitrary<JsonNode> inner = Arbitraries.lazy(() -> values(depth - 1, keys));
        return Arbitraries.frequencyOf(
                Tuple.of(3, scalars()),
                Tuple.of(3, objects(depth - 1, keys).map(JsonNode.class::cast)),
                Tuple.of(1, inner.list().ofMaxSize(4).map(FuzzJson::array)));
    }

    /** Objects up to {@code depth} levels deep, keyed mostly by {@code keys}. */
    public static Arbitrary<ObjectNode> objects(int depth, List<String> keys) {
        Arbitrary<String> key = keys.isEmpty() ? Arbitraries.strings().ofMaxLength(10)
                : Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.of(keys)), Tuple.of(1, Arbitraries.strings().ofMaxLength(10)));
        Arbitrary<JsonNode> value = depth == 0 ? scalars() : Arbitraries.lazy(() -> values(depth, keys));
        return Combinators.combine(key, value).as(Map::entry).list().ofMaxSize(8).map(entries -> {
            ObjectNode object = NODES.objectNode();
            entries.forEach(entry -> object.set(entry.getKey(), entry.getValue()));
            return object;
        });
    }

    private static ArrayNode array(List<JsonNode> items) {
        ArrayNode array = NODES.arrayNode();
        items.forEach(array::add);
        return array;
    }
}
