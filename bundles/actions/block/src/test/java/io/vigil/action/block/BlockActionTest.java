package io.vigil.action.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.alert.Alert;
import io.vigil.blocklist.Blocklist;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the action asks of the block list; the list itself is tested against Elasticsearch in ActionsIT. */
class BlockActionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keeps what it is asked to block. */
    private static final class Asked implements Blocklist {
        final List<Entry> blocked = new ArrayList<>();

        @Override
        public Entry block(Kind kind, String value, Duration duration, String creator, String reference, String comment) {
            Entry entry = new Entry(kind, value, Instant.EPOCH, Instant.EPOCH.plus(duration), creator, reference, comment);
            blocked.add(entry);
            return entry;
        }

        @Override
        public boolean unblock(Kind kind, String value) {
            return false;
        }

        @Override
        public List<Entry> active(Kind kind) {
            return blocked;
        }
    }

    @Test
    void blocksTheAlertsAddressForTheDurationWithItsIdAndSummary() throws Exception {
        Asked list = new Asked();
        new BlockAction(list, config(Map.of("duration", "12hr"))).execute(alert("{\"summary\":\"scan from 203.0.113.7\",\"details\":{\"sourceipaddress\":\"203.0.113.7\"}}"));
        assertEquals(List.of(new Blocklist.Entry(Blocklist.Kind.IP, "203.0.113.7", Instant.EPOCH, Instant.EPOCH.plus(Duration.ofHours(12)), "vigil",
                "alert-1", "scan from 203.0.113.7")), list.blocked);
    }

    @Test
    void takesTheAddressOfTheFirstEventWhenTheAlertHasNone() throws Exception {
        Asked list = new Asked();
        new BlockAction(list, config(Map.of())).execute(alert("{\"summary\":\"s\",\"events\":[{\"documentsource\":{\"details\":{\"sourceipaddress\":\"203.0.113.8\"}}}]}"));
        assertEquals("203.0.113.8", list.blocked.get(0).value());
    }

    @Test
    void blocksADomainNameFromTheConfiguredField() throws Exception {
        Asked list = new Asked();
        new BlockAction(list, config(Map.of("kind", "fqdn", "field", "details.query", "creator", "dns-rules")))
                .execute(alert("{\"summary\":\"s\",\"details\":{\"query\":\"evil.example.com\"}}"));
        assertEquals("evil.example.com", list.blocked.get(0).value());
        assertEquals(Blocklist.Kind.FQDN, list.blocked.get(0).kind());
        assertEquals(Duration.ofDays(1), Duration.between(list.blocked.get(0).added(), list.blocked.get(0).expires()));
    }

    @Test
    void anAlertWithoutTheFieldIsRefusedSayingWhich() {
        BlockAction action = new BlockAction(new Asked(), config(Map.of()));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> action.execute(alert("{\"summary\":\"s\"}")));
        assertEquals("the alert has no details.sourceipaddress or events.0.documentsource.details.sourceipaddress to block", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BlockAction(new Asked(), config(Map.of("duration", "forever"))));
    }

    private static Alert alert(String json) throws Exception {
        ObjectNode document = (ObjectNode) JSON.readTree(json);
        return new Alert() {
            @Override
            public ObjectNode document() {
                return document;
            }

            @Override
            public String id() {
                return "alert-1";
            }
        };
    }

    private static BlockAction.Config config(Map<String, Object> values) {
        return (BlockAction.Config) Proxy.newProxyInstance(BlockAction.Config.class.getClassLoader(), new Class<?>[] {BlockAction.Config.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }
}
