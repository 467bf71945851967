package io.vigil.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.api.EventPlugin;
import io.vigil.core.PluginChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The eight test plugins of MozDef's plugin-set tests, which {@code plugin_dispatch_pluginset.json} describes by
 * file name and effect; their registrations and priorities are read from the vectors.
 */
final class FixturePlugins {

    private static final Map<String, EventPlugin> EFFECTS = Map.of(
            "plugin1", (event, metadata) -> {
                event.document().put("unit_test_key", "apples");
                event.document().put("secretkey", "somesecretvalue");
                return true;
            },
            "plugin2", (event, metadata) -> {
                event.document().put("unit_test_key", "bananas");
                return true;
            },
            "plugin3", (event, metadata) -> {
                event.document().put("plugin3_key", "oranges");
                return true;
            },
            "plugin4", (event, metadata) -> false,
            "plugin5", (event, metadata) -> {
                metadata.id("grapes");
                return true;
            },
            "plugin6", (event, metadata) -> {
                event.document().put("plugin6_key", "plums");
                return true;
            },
            "plugin7", (event, metadata) -> {
                event.document().put("plugin7_key", "lime");
                return true;
            },
            "plugin8", (event, metadata) -> {
                event.document().put("half_done", true);
                throw new IllegalStateException("plugin8 fails on purpose");
            });

    private FixturePlugins() {
    }

    static PluginChain chain(JsonNode definition) {
        PluginChain chain = new PluginChain();
        for (JsonNode plugin : definition.path("plugins")) {
            String name = plugin.path("file").asText();
            EventPlugin effect = EFFECTS.get(name);
            if (effect == null) {
                throw new IllegalArgumentException("no test plugin named " + name);
            }
            List<String> registration = new ArrayList<>();
            JsonNode terms = plugin.path("registration");
            if (terms.isArray()) {
                terms.forEach(term -> registration.add(term.asText()));
            } else {
                registration.add(terms.asText());
            }
            chain.add(new PluginChain.Entry(name, registration, plugin.path("priority").asInt(EventPlugin.DEFAULT_PRIORITY), effect));
        }
        return chain;
    }
}
