package io.vigil.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.support.IpNetwork;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One condition of a rule's query, as MozDef's query models state them ({@code mozdef_util/query_models}): each becomes
 * an Elasticsearch query object built as a JSON tree, so a value from a rule file is always data, never query syntax
 * (except in {@link QueryString}, whose whole point is Lucene syntax).
 */
public sealed interface Clause {

    JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The Elasticsearch query; {@code now} resolves {@code {now}} and {@code {now-1d}} in values. */
    ObjectNode toQuery(Instant now);

    /** {@code {type: {key: value}}}, the shape of most leaf queries. */
    private static ObjectNode leaf(String type, String key, JsonNode value) {
        ObjectNode query = NODES.objectNode();
        query.putObject(type).set(key, value);
        return query;
    }

    /** MozDef's TermMatch: an Elasticsearch {@code match} (exact on keyword fields, analysed on {@code summary}). */
    record Match(String field, JsonNode value) implements Clause {
        @Override
        public ObjectNode toQuery(Instant now) {
            return leaf("match", field, Clauses.resolve(value, now));
        }
    }

    /** MozDef's PhraseMatch: {@code match_phrase}. */
    record Phrase(String field, JsonNode value) implements Clause {
        @Override
        public ObjectNode toQuery(Instant now) {
            return leaf("match_phrase", field, Clauses.resolve(value, now));
        }
    }

    /** MozDef's TermsMatch: {@code terms}, any of the values. */
    record Terms(String field, List<JsonNode> values) implements Clause {
        @Override
        public ObjectNode toQuery(Instant now) {
            ObjectNode query = NODES.objectNode();
            ArrayNode array = query.putObject("terms").putArray(field);
            values.forEach(array::add);
            return query;
        }
    }

    /** MozDef's WildcardMatch. */
    record Wildcard(String field, String pattern) implements Clause {
        @Override
        public ObjectNode toQuery(Instant now) {
            return leaf("wildcard", field, NODES.textNode(pattern));
        }
    }

    /** MozDef's QueryStringMatch: Lucene query syntax, as written in the rule. */
    record QueryString(String query) implements Clause {
        @Override
        public ObjectNode toQuery(Instant now) {
            return leaf("query_string", "query", NODES.textNode(query));
        }
    }

    /** MozDef's ExistsMatch. */
    record Exists(String field) implements Clause {
        @Override
        public ObjectNode toQuery(Instant now) {
            return leaf("exists", "field", NODES.textNode(field));
        }
    }

    /** MozDef's RangeMatch and LessThanMatch: bounds by {@code gte}, {@code gt}, {@code lte}, {@code lt}. */
    record Range(String field, Map<String, JsonNode> bounds) implements Clause {
        @Override
        public ObjectNode toQuery(Instant now) {
            ObjectNode query = NODES.objectNode();
            ObjectNode range = query.putObject("range").putObject(field);
            bounds.forEach((bound, value) -> range.set(bound, Clauses.resolve(value, now)));
            return query;
        }
    }

    /** MozDef's SubnetMatch: the addresses of a network, first to last, as MozDef's query string range does. */
    record Subnet(String field, String cidr) implements Clause {

        public Subnet {
            IpNetwork.parse(cidr);
        }

        @Override
        public ObjectNode toQuery(Instant now) {
            IpNetwork network = IpNetwork.parse(cidr);
            ObjectNode query = NODES.objectNode();
            query.putObject("range").putObject(field).put("gte", network.firstAddress()).put("lte", network.lastAddress());
            return query;
        }
    }

    /** MozDef's {@code a | b}: at least one of the clauses. */
    record Any(List<Clause> clauses) implements Clause {
        @Override
        public ObjectNode toQuery(Instant now) {
            ObjectNode query = NODES.objectNode();
            ObjectNode bool = query.putObject("bool");
            ArrayNode should = bool.putArray("should");
            clauses.forEach(clause -> should.add(clause.toQuery(now)));
            bool.put("minimum_should_match", 1);
            return query;
        }
    }
}
