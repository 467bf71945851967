package io.vigil.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.EventPlugin;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginChainTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PluginChain chain = new PluginChain();

    private static JsonEvent event(String json) throws Exception {
        return new JsonEvent((ObjectNode) JSON.readTree(json), "events", null);
    }

    private void add(String name, int priority, EventPlugin plugin, String... registration) {
        chain.add(new PluginChain.Entry(name, List.of(registration), priority, plugin));
    }

    @Test
    void runsByPriorityOnTheEventAsEarlierPluginsLeftIt() throws Exception {
        add("second", 20, (e, m) -> {
            e.document().put("seen_apples", true);
            return true;
        }, "APPLES");
        add("first", 10, (e, m) -> {
            e.document().put("fruit", "Apples");
            m.index("fruit");
            return true;
        }, "basket");
        add("never", 5, (e, m) -> true, "pears");

        JsonEvent event = event("{\"Basket\":\"wicker\"}");
        assertEquals(PluginChain.Outcome.PASSED, chain.process(event));
        assertEquals("[\"first\",\"second\"]", event.document().at("/mozdef/plugins").toString());
        assertEquals(true, event.document().path("seen_apples").asBoolean());
        assertEquals("fruit", event.index());
    }

    @Test
    void aThrowingPluginLeavesNoTraceAndTheEventGoesOn() throws Exception {
        add("broken", 1, (e, m) -> {
            e.document().put("half", "done");
            m.id("half-id");
            throw new IllegalStateException("boom");
        }, "*");
        add("fine", 2, (e, m) -> {
            e.document().put("fine", true);
            return true;
        }, "*");

        JsonEvent event = event("{\"a\":1}");
        assertEquals(PluginChain.Outcome.PASSED, chain.process(event));
        assertFalse(event.document().has("half"));
        assertEquals(null, event.id());
        assertEquals("[\"fine\"]", event.document().at("/mozdef/plugins").toString());
        assertEquals(1, chain.entries().get(0).errors());
        assertEquals(1, chain.entries().get(1).changed());
    }

    @Test
    void aFailureAfterOtherPluginsKeepsTheirChangesOnly() throws Exception {
        add("tagger", 1, (e, m) -> {
            e.document().putArray("tags").add("tagged");
            m.index("tagged-index");
            return true;
        }, "*");
        add("broken", 2, (e, m) -> {
            e.document().put("half", "done");
            e.document().withArray("tags").add("half");
            throw new IllegalStateException("boom");
        }, "*");
        add("fine", 3, (e, m) -> {
            e.document().put("fine", true);
            return true;
        }, "*");

        JsonEvent event = event("{\"a\":1}");
        assertEquals(PluginChain.Outcome.PASSED, chain.process(event));
        assertEquals("{\"a\":1,\"tags\":[\"tagged\"],\"fine\":true,\"mozdef\":{\"plugins\":[\"tagger\",\"fine\"]}}", event.document().toString());
        assertEquals("tagged-index", event.index());
        PluginChain.Entry tagger = chain.entries().get(0);
        assertEquals(1, tagger.seen());
        assertEquals(1, tagger.changed());
        assertEquals(1, chain.entries().get(1).errors());
    }

    @Test
    void dropStopsTheChain() throws Exception {
        add("dropper", 1, (e, m) -> false, "*");
        add("after", 2, (e, m) -> {
            throw new AssertionError("must not run");
        }, "*");
        assertEquals(PluginChain.Outcome.DROPPED, chain.process(event("{}")));
        assertEquals(1, chain.entries().get(0).dropped());
    }

    @Test
    void anEventInFlightKeepsTheChainItStartedWith() throws Exception {
        EventPlugin late = (e, m) -> {
            e.document().put("late", true);
            return true;
        };
        add("deployer", 1, (e, m) -> {
            chain.add(new PluginChain.Entry("late", List.of("*"), 2, late));
            return true;
        }, "*");

        JsonEvent first = event("{}");
        chain.process(first);
        assertFalse(first.document().has("late"));

        chain.remove(chain.entries().get(0).plugin());
        JsonEvent second = event("{}");
        chain.process(second);
        assertEquals(true, second.document().path("late").asBoolean());
    }

    @Test
    void anExistingMozdefFieldIsKept() throws Exception {
        add("any", 1, (e, m) -> true, "*");
        JsonEvent event = event("{\"mozdef\":{\"plugins\":[\"upstream\"]}}");
        chain.process(event);
        assertEquals("[\"upstream\"]", event.document().at("/mozdef/plugins").toString());
    }
}
