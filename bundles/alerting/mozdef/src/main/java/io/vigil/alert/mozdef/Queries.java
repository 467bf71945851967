package io.vigil.alert.mozdef;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Proxy;

/** What the Java rules share: leaf queries, and their configuration's defaults outside a container. */
final class Queries {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Queries() {
    }

    /** {@code {type: {field: value}}}: match, match_phrase, regexp, and exists as {@code leaf("exists", "field", name)}. */
    static ObjectNode leaf(String type, String field, String value) {
        ObjectNode query = NODES.objectNode();
        query.putObject(type).put(field, value);
        return query;
    }

    /** A bool query whose {@code clause} list (must, should, must_not) holds {@code queries}. */
    static ObjectNode bool(String clause, ObjectNode... queries) {
        ObjectNode query = NODES.objectNode();
        ArrayNode list = query.putObject("bool").putArray(clause);
        for (ObjectNode each : queries) {
            list.add(each);
        }
        return query;
    }

    /** At least one of {@code queries} (MozDef's {@code a | b}). */
    static ObjectNode any(Iterable<ObjectNode> queries) {
        ObjectNode query = NODES.objectNode();
        ArrayNode should = query.putObject("bool").put("minimum_should_match", 1).putArray("should");
        queries.forEach(should::add);
        return query;
    }

    /**
     * A configuration annotation answering its declared defaults: the rule as MozDef configured it, for the vectors
     * and ServiceLoader, where no DS runtime builds one.
     */
    static <C> C defaults(Class<C> config) {
        return config.cast(Proxy.newProxyInstance(config.getClassLoader(), new Class<?>[] {config}, (proxy, method, arguments) -> {
            Object value = method.getDefaultValue();
            if (value == null) {
                throw new UnsupportedOperationException(method.getName() + " has no default");
            }
            return value;
        }));
    }
}
