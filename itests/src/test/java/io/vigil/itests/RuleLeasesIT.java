package io.vigil.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;

import io.vigil.alerts.AlertIndex;
import io.vigil.elasticsearch.Connection;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.alerts.RuleLeases;
import java.time.Duration;
import java.util.UUID;
import org.junit.Test;

/** Two containers' leases on the suite's Elasticsearch: one holds a rule at a time, and a lapsed lease is taken over. */
public class RuleLeasesIT {

    private static final String ES_URL = System.getProperty("vigil.es.url", "");

    @Test
    public void oneContainerHoldsARuleUntilItsLeaseLapses() throws Exception {
        assumeFalse("needs an Elasticsearch: run ./vigil test, or pass -Dvigil.es.url", ES_URL.isEmpty());
        String index = "vigil-it-leases-" + UUID.randomUUID();
        Elasticsearch client = Elasticsearch.connect(Connection.to(ES_URL));
        AlertIndex elasticsearch = new AlertIndex(client);
        Hand clock = new Hand("2026-01-01T00:00:00Z");
        RuleLeases first = new RuleLeases(elasticsearch, index, "first", clock);
        RuleLeases second = new RuleLeases(elasticsearch, index, "second", clock);
        Duration lease = Duration.ofMinutes(2);
        try {
            assertTrue("a new lease is taken", first.acquire("rule", lease));
            assertFalse("held by the first", second.acquire("rule", lease));
            clock.advance(Duration.ofSeconds(60));
            assertTrue("the holder renews", first.acquire("rule", lease));
            clock.advance(Duration.ofSeconds(100));
            assertFalse("renewed: still held", second.acquire("rule", lease));
            assertTrue("another rule is free", second.acquire("other", lease));
            clock.advance(Duration.ofSeconds(30));
            assertTrue("lapsed: taken over", second.acquire("rule", lease));
            assertFalse("the first lost it", first.acquire("rule", lease));
        } finally {
            client.send("DELETE", Elasticsearch.path(index), null);
        }
    }
}
