package io.vigil.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.EventPlugin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's plugin dispatch: plugins run in ascending priority, each only when one of its registration terms
 * equals a key or string value of the event as it is at that point (case-insensitive; {@code *} matches
 * every event). A plugin may change the event and its metadata or drop the event; one that throws is
 * counted and logged, and the event goes on exactly as it was before that plugin. The names of the plugins
 * that ran go to {@code mozdef.plugins} unless the event already has a {@code mozdef} field. A plugin that says it
 * is inactive (its database or configuration missing) is passed over.
 *
 * <p>Plugins come and go at any time (bundles deployed and undeployed): each event runs through the chain as
 * it was when the event entered, so an event in flight never meets half a change.
 */
public final class PluginChain {

    public enum Outcome { PASSED, DROPPED }

    /** A plugin with its registration, where it comes from, and what it has done so far. */
    public static final class Entry {
        private final String name;
        private final String description;
        private final String origin;
        private final Set<String> terms;
        private final boolean everyEvent;
        private final int priority;
        private final EventPlugin plugin;
        private final LongAdder seen = new LongAdder();
        private final LongAdder changed = new LongAdder();
        private final LongAdder dropped = new LongAdder();
        private final LongAdder errors = new LongAdder();

        public Entry(String name, Collection<String> registration, int priority, EventPlugin plugin) {
            this(name, registration, priority, plugin, "", "");
        }

        /**
         * @param description the plugin's one-line description
         * @param origin      where the plugin comes from (its bundle)
         */
        public Entry(String name, Collection<String> registration, int priority, EventPlugin plugin, String description, String origin) {
            this.name = name;
            this.description = description;
            this.origin = origin;
            this.terms = new HashSet<>();
            registration.forEach(term -> terms.add(term.toLowerCase(Locale.ROOT)));
            this.everyEvent = terms.contains("*");
            this.priority = priority;
            this.plugin = plugin;
        }

        public String name() {
            return name;
        }

        public String description() {
            return description;
        }

        public String origin() {
            return origin;
        }

        public Set<String> terms() {
            return Set.copyOf(terms);
        }

        public int priority() {
            return priority;
        }

        public EventPlugin plugin() {
            return plugin;
        }

        public long seen() {
            return seen.sum();
        }

        public long changed() {
            return changed.sum();
        }

        public long dropped() {
            return dropped.sum();
        }

        public long errors() {
            return errors.sum();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PluginChain.class);
    private static final Comparator<Entry> ORDER = Comparator.comparingInt(Entry::priority).thenComparing(Entry::name);

    private final AtomicReference<List<Entry>> entries = new AtomicReference<>(List.of());

    public void add(Entry entry) {
        entries.updateAndGet(current -> {
            List<Entry> next = new ArrayList<>(current);
            next.add(entry);
            next.sort(ORDER);
            return List.copyOf(next);
        });
    }

    public void remove(EventPlugin plugin) {
        entries.updateAndGet(current -> current.stream().filter(entry -> entry.plugin != plugin).toList());
    }

    public List<Entry> entries() {
        return entries.get();
    }

    public Outcome process(JsonEvent event) {
        List<String> ran = new ArrayList<>();
        Set<String> tokens = null;
        for (Entry entry : entries.get()) {
            if (entry.plugin.inactiveReason() != null) {
                continue;
            }
            if (!entry.everyEvent) {
                tokens = tokens == null ? tokens(event.document()) : tokens;
                if (!matches(entry.terms, tokens)) {
                    continue;
                }
            }
            entry.seen.increment();
            ObjectNode before = event.document().deepCopy();
            String index = event.index();
            String id = event.id();
            boolean passed;
            try {
                passed = entry.plugin.process(event, event);
            } catch (RuntimeException | LinkageError e) {
                entry.errors.increment();
                LOG.warn("Plugin {} failed; the event goes on without its change", entry.name, e);
                event.document(before);
                event.index(index);
                event.id(id);
                continue;
            }
            if (!passed) {
                entry.dropped.increment();
                return Outcome.DROPPED;
            }
            ran.add(entry.name);
            if (!before.equals(event.document())) {
                entry.changed.increment();
                tokens = null;
            }
        }
        if (!event.document().has("mozdef")) {
            ArrayNode plugins = event.document().putObject("mozdef").putArray("plugins");
            ran.forEach(plugins::add);
        }
        return Outcome.PASSED;
    }

    private static boolean matches(Set<String> terms, Set<String> tokens) {
        for (String term : terms) {
            if (tokens.contains(term)) {
                return true;
            }
        }
        return false;
    }

    /** Every key and string value of the event, at any depth, lower-cased. */
    static Set<String> tokens(JsonNode node) {
        Set<String> tokens = new HashSet<>();
        collect(node, tokens);
        return tokens;
    }

    private static void collect(JsonNode node, Set<String> tokens) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                tokens.add(field.getKey().toLowerCase(Locale.ROOT));
                collect(field.getValue(), tokens);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, tokens));
        } else if (node.isTextual()) {
            tokens.add(node.textValue().toLowerCase(Locale.ROOT));
        }
    }
}
