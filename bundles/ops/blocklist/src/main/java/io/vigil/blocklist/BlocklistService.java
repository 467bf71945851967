package io.vigil.blocklist;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.elasticsearch.Elasticsearch;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The block lists, and the processor {@code io.vigil.blocklist} of {@code routes/blocklist.xml} that publishes them
 * for firewalls and WAF updaters to poll: {@code ip.txt} and {@code fqdn.txt} (one entry a line, what EDL and URL-table
 * readers take) and {@code ip.json} and {@code fqdn.json} (with expiry and reference). Only unexpired entries are
 * listed.
 */
@Component(name = "io.vigil.blocklist", service = {Blocklist.class, Processor.class}, property = "name=io.vigil.blocklist",
        configurationPid = "io.vigil.blocklist", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BlocklistConfig.class)
public class BlocklistService implements Blocklist, Processor {

    private static final Logger LOG = LoggerFactory.getLogger(BlocklistService.class);

    private final BlocklistStore store;
    private final BlockRules rules;
    private final Clock clock;

    @Activate
    public BlocklistService(BlocklistConfig config, @Reference Elasticsearch elasticsearch) {
        this(new BlocklistStore(elasticsearch, config.index()),
                new BlockRules(Arrays.asList(config.allowNetworks().split(",")), Arrays.asList(config.allowDomains().split(","))), Clock.systemUTC());
    }

    BlocklistService(BlocklistStore store, BlockRules rules, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public Entry block(Kind kind, String value, Duration duration, String creator, String reference, String comment) throws IOException {
        String canonical = rules.canonical(kind, value);
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a block lasts more than no time, not " + duration);
        }
        Instant now = clock.instant();
        Entry entry = store.put(new Entry(kind, canonical, now, now.plus(duration), text(creator), text(reference), text(comment)), now);
        LOG.info("Blocked {} {} until {} ({}, {})", kind, canonical, entry.expires(), entry.creator(), entry.reference());
        return entry;
    }

    @Override
    public boolean unblock(Kind kind, String value) throws IOException {
        boolean was = store.delete(kind, rules.canonical(kind, value));
        LOG.info("Unblocked {} {}{}", kind, value, was ? "" : " (was not blocked)");
        return was;
    }

    @Override
    public List<Entry> active(Kind kind) throws IOException {
        return store.active(kind, clock.instant());
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Message in = exchange.getIn();
        String uri = String.valueOf(in.getHeader(Exchange.HTTP_URI, "", String.class));
        // Only the headers set below travel back, never the request's (Camel makes its headers and query parameters headers).
        in.getHeaders().clear();
        String name = uri.substring(uri.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        Kind kind = dot < 0 ? null : switch (name.substring(0, dot)) {
            case "ip" -> Kind.IP;
            case "fqdn" -> Kind.FQDN;
            default -> null;
        };
        String format = dot < 0 ? "" : name.substring(dot + 1);
        if (kind == null || !(format.equals("txt") || format.equals("json"))) {
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            in.setHeader(Exchange.CONTENT_TYPE, "application/json");
            in.setBody(JsonNodeFactory.instance.objectNode().put("error", "no list '" + name + "': ip.txt, ip.json, fqdn.txt or fqdn.json").toString());
            return;
        }
        List<Entry> entries = active(kind);
        in.setHeader("X-Vigil-Entries", entries.size());
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        if (format.equals("txt")) {
            in.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            in.setBody(text(entries));
        } else {
            in.setHeader(Exchange.CONTENT_TYPE, "application/json");
            in.setBody(json(kind, entries, clock.instant()).toString());
        }
    }

    static String text(List<Entry> entries) {
        StringBuilder text = new StringBuilder();
        entries.forEach(entry -> text.append(entry.value()).append('\n'));
        return text.toString();
    }

    /** MozDef's field names: {@code address} for an IP entry, {@code fqdn} for a domain's. */
    static ObjectNode json(Kind kind, List<Entry> entries, Instant now) {
        ObjectNode list = JsonNodeFactory.instance.objectNode().put("kind", kind.name().toLowerCase(Locale.ROOT)).put("generated", BlocklistStore.iso(now))
                .put("count", entries.size());
        var array = list.putArray("entries");
        for (Entry entry : entries) {
            array.addObject().put(kind == Kind.IP ? "address" : "fqdn", entry.value()).put("dateAdded", BlocklistStore.iso(entry.added()))
                    .put("dateExpiring", BlocklistStore.iso(entry.expires())).put("reference", entry.reference());
        }
        return list;
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }
}
