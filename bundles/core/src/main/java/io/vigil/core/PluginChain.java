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

    /**
     * The plugins in order, and every registration term of any of them: an event's keys and values are only looked
     * up in these terms (case-insensitively, without lower-casing copies), since only they can make a plugin run.
     */
    private record Snapshot(List<Entry> entries, TermIndex terms) {
        static Snapshot of(List<Entry> entries) {
            Set<String> terms = new HashSet<>();
            entries.forEach(entry -> terms.addAll(entry.terms));
            return new Snapshot(List.copyOf(entries), new TermIndex(terms));
        }
    }

    /**
     * A hash set of lower-case terms that answers, for any string, the term it equals case-insensitively, without
     * making a lower-case copy of the string (events carry many keys and values; few are ever terms).
     */
    private static final class TermIndex {
        private final String[] slots;
        private final int longest;

        TermIndex(Set<String> terms) {
            this.slots = new String[Integer.highestOneBit(Math.max(4, terms.size() * 4)) * 2];
            this.longest = terms.stream().mapToInt(String::length).max().orElse(0);
            for (String term : terms) {
                int slot = hash(term) & (slots.length - 1);
                while (slots[slot] != null) {
                    slot = (slot + 1) & (slots.length - 1);
                }
                slots[slot] = term;
            }
        }

        /** The term {@code token} equals case-insensitively, or {@code null}. */
        String find(String token) {
            if (token.length() > longest) {
                return null;
            }
            for (int slot = hash(token) & (slots.length - 1); slots[slot] != null; slot = (slot + 1) & (slots.length - 1)) {
                if (slots[slot].equalsIgnoreCase(token)) {
                    return slots[slot];
                }
            }
            return null;
        }

        private static int hash(String text) {
            int hash = 0;
            for (int i = 0; i < text.length(); i++) {
                hash = 31 * hash + Character.toLowerCase(text.charAt(i));
            }
            return hash ^ (hash >>> 16);
        }
    }

    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(Snapshot.of(List.of()));

    public void add(Entry entry) {
        snapshot.updateAndGet(current -> {
            List<Entry> next = new ArrayList<>(current.entries());
            next.add(entry);
            next.sort(ORDER);
            return Snapshot.of(next);
        });
    }

    public void remove(EventPlugin plugin) {
        snapshot.updateAndGet(current -> Snapshot.of(current.entries().stream().filter(entry -> entry.plugin != plugin).toList()));
    }

    public List<Entry> entries() {
        return snapshot.get().entries();
    }

    public Outcome process(JsonEvent event) {
        List<Entry> ran = new ArrayList<>();
        Set<String> tokens = null;
        // One copy of the event for the rare plugin that fails, instead of a copy before every plugin: the event is
        // then rebuilt from it by the plugins that ran before (they are deterministic), without the failed one.
        ObjectNode start = null;
        String startIndex = event.index();
        String startId = event.id();
        Snapshot plugins = snapshot.get();
        for (Entry entry : plugins.entries()) {
            if (entry.plugin.inactiveReason() != null) {
                continue;
            }
            if (!entry.everyEvent) {
                tokens = tokens == null ? presentTerms(event.document(), plugins) : tokens;
                if (!matches(entry.terms, tokens)) {
                    continue;
                }
            }
            if (start == null) {
                start = event.document().deepCopy();
            }
            entry.seen.increment();
            int before = event.document().hashCode();
            boolean passed;
            try {
                passed = entry.plugin.process(event, event);
            } catch (RuntimeException | LinkageError e) {
                entry.errors.increment();
                LOG.warn("Plugin {} failed; the event goes on without its change", entry.name, e);
                if (replay(event, start.deepCopy(), startIndex, startId, ran) == Outcome.DROPPED) {
                    return Outcome.DROPPED;
                }
                tokens = null;
                continue;
            }
            if (!passed) {
                entry.dropped.increment();
                return Outcome.DROPPED;
            }
            ran.add(entry);
            // A hash instead of a copy to compare with: a collision only misses one count of "changed".
            if (before != event.document().hashCode()) {
                entry.changed.increment();
                tokens = null;
            }
        }
        if (!event.document().has("mozdef")) {
            ArrayNode names = event.document().putObject("mozdef").putArray("plugins");
            ran.forEach(entry -> names.add(entry.name));
        }
        return Outcome.PASSED;
    }

    /** The event as the plugins that ran before a failure left it, rebuilt from its copy at the start of the chain. */
    private static Outcome replay(JsonEvent event, ObjectNode start, String index, String id, List<Entry> ran) {
        event.document(start);
        event.index(index);
        event.id(id);
        for (Entry entry : ran) {
            try {
                if (!entry.plugin.process(event, event)) {
                    entry.dropped.increment();
                    return Outcome.DROPPED;
                }
            } catch (RuntimeException | LinkageError e) {
                entry.errors.increment();
                LOG.warn("Plugin {} failed when the event was rebuilt after a later plugin failed", entry.name, e);
            }
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

    /** The registration terms that equal a key or string value of the event, at any depth, case-insensitively. */
    private static Set<String> presentTerms(JsonNode node, Snapshot plugins) {
        Set<String> present = new HashSet<>();
        collect(node, plugins, present);
        return present;
    }

    private static void collect(JsonNode node, Snapshot plugins, Set<String> present) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                lookUp(field.getKey(), plugins, present);
                collect(field.getValue(), plugins, present);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, plugins, present));
        } else if (node.isTextual()) {
            lookUp(node.textValue(), plugins, present);
        }
    }

    private static void lookUp(String token, Snapshot plugins, Set<String> present) {
        String term = plugins.terms().find(token);
        if (term != null) {
            present.add(term);
        }
    }
}
