package io.vigil.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A summary template: text with placeholders {@code {count}} and {@code {value}} (of an aggregation),
 * {@code {event.path.to.field}} (of the alert's first event; {@code {event.path|fallback}} when it is missing),
 * {@code {facet.name}} (a facet of the rule, rendered by its own format) and {@code {facet.name.count}} (its number of
 * distinct values); {@code {host:…}} around any of them adds the name reverse DNS gives an address, as MozDef's
 * {@code add_hostname_to_ip} does ({@code {host:value}}: "10.1.2.3 (build7.example.com)", or "10.1.2.3" when it has
 * none). Checked when the rule loads, so a typo fails the rule file instead of every alert.
 */
public final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Set<String> SIMPLE = Set.of("count", "value");
    private static final String HOST = "host:";

    private sealed interface Part permits Literal, Named, EventField, FacetRef, FacetCount, WithHost {
    }

    private record Literal(String text) implements Part {
    }

    private record Named(String name) implements Part {
    }

    private record EventField(String path, String fallback) implements Part {
    }

    private record FacetRef(String name) implements Part {
    }

    private record FacetCount(String name) implements Part {
    }

    private record WithHost(Part address) implements Part {
    }

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** @param facets the rule's facet names, which {@code {facet.name}} may name */
    public static Template parse(String text, Set<String> facets) {
        List<Part> parts = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        int at = 0;
        while (matcher.find()) {
            if (matcher.start() > at) {
                parts.add(new Literal(text.substring(at, matcher.start())));
            }
            String name = matcher.group(1).trim();
            parts.add(name.startsWith(HOST) ? new WithHost(placeholder(name.substring(HOST.length()).trim(), facets)) : placeholder(name, facets));
            at = matcher.end();
        }
        if (at < text.length()) {
            parts.add(new Literal(text.substring(at)));
        }
        return new Template(text, List.copyOf(parts));
    }

    private static Part placeholder(String name, Set<String> facets) {
        if (SIMPLE.contains(name)) {
            return new Named(name);
        } else if (name.startsWith("event.") && name.length() > "event.".length()) {
            int bar = name.indexOf('|');
            return bar < 0 ? new EventField(name.substring(6), null) : new EventField(name.substring(6, bar), name.substring(bar + 1));
        } else if (name.startsWith("facet.") && name.endsWith(".count") && facets.contains(name.substring(6, name.length() - 6))) {
            return new FacetCount(name.substring(6, name.length() - 6));
        } else if (name.startsWith("facet.") && facets.contains(name.substring(6))) {
            return new FacetRef(name.substring(6));
        }
        throw new IllegalArgumentException("unknown placeholder {" + name + "} (count, value, event.<field>, event.<field>|<fallback>,"
                + " facet.<name> or facet.<name>.count of " + facets + ", each also as host:<placeholder>)");
    }

    /**
     * @param values {@code count} and {@code value} where the rule has them
     * @param event the {@code _source} of the alert's first event, or an empty object
     * @param facets each facet's rendered text
     * @param hosts the names of addresses, for {@code {host:…}}
     */
    public String render(Map<String, String> values, JsonNode event, Function<String, String> facets, HostNames hosts) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            out.append(part instanceof WithHost host ? hosts.withName(text(host.address(), values, event, facets)) : text(part, values, event, facets));
        }
        return out.toString();
    }

    private static String text(Part part, Map<String, String> values, JsonNode event, Function<String, String> facets) {
        if (part instanceof Literal literal) {
            return literal.text();
        } else if (part instanceof Named named) {
            return values.getOrDefault(named.name(), "");
        } else if (part instanceof EventField field) {
            JsonNode value = JsonFields.at(event, field.path());
            return value == null || value.isNull() ? (field.fallback() == null ? "" : field.fallback()) : JsonFields.text(value);
        } else if (part instanceof FacetRef facet) {
            return facets.apply(facet.name());
        } else if (part instanceof FacetCount count) {
            return facets.apply(count.name() + ".count");
        }
        // placeholder() never nests one host: in another
        throw new IllegalStateException("nested " + part);
    }

    @Override
    public String toString() {
        return source;
    }
}
