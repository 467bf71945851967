package io.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.elasticsearch.Connection;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.indices.Family;
import io.vigil.indices.IndexMaintenance;
import io.vigil.indices.Retention;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Log management against a real Elasticsearch of its own (the tests create indices of days long past, which must not
 * meet anyone's data; each test its own year): rotation with a frozen clock across midnight and a month end, and after
 * a container was down at midnight; retention in a dry run and for real; archive, delete, restore.
 */
public class IndicesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static VigilInstance services;

    @BeforeClass
    public static void startElasticsearch() throws Exception {
        services = new VigilInstance("indices");
        services.clean();
        VigilInstance.Result started = services.vigil("services", "start", "elasticsearch");
        assertEquals(started.out(), 0, started.exit());
    }

    @AfterClass
    public static void stopElasticsearch() throws Exception {
        if (services != null) {
            services.vigil("services", "stop", "elasticsearch");
        }
    }

    private static IndexMaintenance maintenance(Clock clock, Map<Family, Retention> retention, boolean archiveBeforeDelete) throws IOException {
        return new IndexMaintenance(Elasticsearch.connect(Connection.to(services.esUrl())), clock, retention,
                new IndexMaintenance.Repository("vigil-it-archive", "fs", "it-archive"), archiveBeforeDelete);
    }

    @Test
    public void rotationCreatesTomorrowAheadAndMovesTheAliasesAtMidnight() throws Exception {
        Hand clock = new Hand("2001-01-31T23:50:00Z");
        IndexMaintenance maintenance = maintenance(clock, Map.of(), false);
        assertEquals("events-20010131", maintenance.rotate());
        assertEquals("[events-20010131]", aliased("events").toString());
        assertEquals("the next month's first day exists before midnight, with the event mapping", "date",
                JSON.readTree(get("/events-20010201/_mapping")).at("/events-20010201/mappings/properties/utctimestamp/type").asText());

        // Events either side of midnight go to their own day's index, created and mapped already: none refused.
        String bulk = "{\"index\":{\"_index\":\"events-20010131\"}}\n{\"summary\":\"last\",\"utctimestamp\":\"2001-01-31T23:59:59.999+00:00\"}\n"
                + "{\"index\":{\"_index\":\"events-20010201\"}}\n{\"summary\":\"first\",\"utctimestamp\":\"2001-02-01T00:00:00.001+00:00\"}\n";
        JsonNode written = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(services.esUrl() + "/_bulk?refresh=true"))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(bulk)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertFalse(written.toString(), written.path("errors").asBoolean());

        clock.set("2001-02-01T00:00:01Z");
        maintenance.rotate();
        assertEquals("[events-20010201]", aliased("events").toString());
        assertEquals("[events-20010131]", aliased("events-previous").toString());
        assertEquals("[events-20010131, events-20010201]", aliased("events-weekly").toString());
        assertTrue(get("/events/_search?q=summary:first"), get("/events/_search?q=summary:first").contains("\"value\":1,"));

        // Down over the next midnight: the first rotation after it puts everything right.
        clock.set("2001-02-03T09:00:00Z");
        maintenance.rotate();
        assertEquals("[events-20010203]", aliased("events").toString());
        assertEquals("[events-20010202]", aliased("events-previous").toString());
        assertEquals("[events-20010131, events-20010201, events-20010202, events-20010203]", aliased("events-weekly").toString());
        assertEquals(200, status("/events-20010204"));
    }

    @Test
    public void retentionClosesAndDeletesOnlyWhatItSaysAndADryRunNothing() throws Exception {
        for (String index : List.of("events-19990101", "events-19990215", "events-19990310", "alerts-199901", "alerts-199902")) {
            assertEquals(200, put("/" + index));
        }
        put("/alerts-199901/_alias/alerts");
        Hand clock = new Hand("1999-03-20T12:00:00Z");
        IndexMaintenance maintenance = maintenance(clock, Map.of(Family.EVENTS, new Retention(30, 60), Family.ALERTS, new Retention(40, 0)), false);
        List<String> expected = List.of("delete events-19990101", "close alerts-199901", "close events-19990215");

        assertEquals(expected, of1999(maintenance.applyRetention(true)));
        assertEquals("a dry run changes nothing", "open open open open open",
                String.join(" ", status1999("events-19990101", "events-19990215", "events-19990310", "alerts-199901", "alerts-199902")));

        assertEquals(expected, of1999(maintenance.applyRetention(false)));
        assertEquals("gone close open close open",
                String.join(" ", status1999("events-19990101", "events-19990215", "events-19990310", "alerts-199901", "alerts-199902")));
        assertFalse("a closed index leaves its aliases, which would fail searches", aliased("alerts").contains("alerts-199901"));
        assertEquals("applied once, nothing left to do", List.of(), of1999(maintenance.applyRetention(false)));
    }

    @Test
    public void anArchivedDayIsDeletedOnlyOnceVerifiedAndComesBackWhole() throws Exception {
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            bulk.append("{\"index\":{\"_index\":\"events-19980615\"}}\n{\"summary\":\"").append(i == 7 ? "needle" : "hay").append(" ").append(i)
                    .append("\",\"utctimestamp\":\"1998-06-15T10:00:00+00:00\"}\n");
        }
        JsonNode written = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(services.esUrl() + "/_bulk?refresh=true"))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(bulk.toString())).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertFalse(written.toString(), written.path("errors").asBoolean());
        Hand clock = new Hand("1998-06-17T02:00:00Z");
        IndexMaintenance maintenance = maintenance(clock, Map.of(Family.EVENTS, new Retention(0, 2)), true);

        List<IndexMaintenance.Action> before = maintenance.applyRetention(false).stream().filter(action -> action.index().equals("events-19980615")).toList();
        assertEquals("keep", before.get(0).action());
        assertEquals("not archived, not deleted", 200, status("/events-19980615"));

        IndexMaintenance.Archive archive = maintenance.archive(LocalDate.of(1998, 6, 15));
        assertNotNull(archive);
        assertEquals("vigil-19980615", archive.snapshot());
        assertEquals(List.of("events-19980615"), archive.indices());
        assertEquals("archiving twice keeps the first archive", archive, maintenance.archive(LocalDate.of(1998, 6, 15)));

        List<IndexMaintenance.Action> after = maintenance.applyRetention(false).stream().filter(action -> action.index().equals("events-19980615")).toList();
        assertEquals("delete", after.get(0).action());
        assertEquals(404, status("/events-19980615"));

        List<String> progress = new ArrayList<>();
        assertEquals(List.of("restored-events-19980615"), maintenance.restore(LocalDate.of(1998, 6, 15), LocalDate.of(1998, 6, 16), progress::add));
        assertTrue(progress.toString(), progress.get(progress.size() - 2).endsWith("restored, 250 documents"));
        assertTrue(progress.toString(), progress.get(progress.size() - 1).contains("events-19980616: no archive holds it"));
        assertEquals(250, JSON.readTree(get("/restored-events-19980615/_count")).path("count").asInt());
        JsonNode found = JSON.readTree(get("/events-restored/_search?q=summary:needle"));
        assertEquals(found.toString(), "needle 7", found.at("/hits/hits/0/_source/summary").asText());
        assertTrue("restoring again says so", maintenance.restore(LocalDate.of(1998, 6, 15), LocalDate.of(1998, 6, 15), progress::add).isEmpty());
        assertTrue(progress.toString(), progress.get(progress.size() - 1).contains("already restored"));
    }

    @Test
    public void theDailyMaintenanceRunsOncePerClusterFromItsHourAndATakeOverOnlyWhenItLapsed() throws Exception {
        Hand clock = new Hand("1997-03-01T00:30:00Z");
        IndexMaintenance one = maintenance(clock, Map.of(), false);
        IndexMaintenance two = maintenance(clock, Map.of(), false);
        assertNull("before its hour", one.maintainIfDue(1, false, "one"));
        clock.set("1997-03-01T01:00:00Z");
        assertNotNull("the first container of the day does it", one.maintainIfDue(1, false, "one"));
        assertNull("done for the day: not again", two.maintainIfDue(1, false, "two"));
        assertNull(one.maintainIfDue(1, false, "one"));
        clock.set("1997-03-02T05:00:00Z");
        assertNotNull("a cluster down at the hour does it later that day", two.maintainIfDue(1, false, "two"));

        // A container that died in the middle of it: its record holds until it lapses, then another takes over.
        String record = "{\"owner\":\"dead\",\"done\":false,\"expires\":\"1997-03-03T02:00:00Z\"}";
        assertEquals(201, HTTP.send(HttpRequest.newBuilder(URI.create(services.esUrl() + "/vigil-indices-state/_doc/maintenance-19970303?refresh=true"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(record)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        clock.set("1997-03-03T01:30:00Z");
        assertNull("held by the dead container until it lapses", two.maintainIfDue(1, false, "two"));
        clock.set("1997-03-03T02:00:01Z");
        assertNotNull("lapsed: taken over", two.maintainIfDue(1, false, "two"));
        assertNull("and done", one.maintainIfDue(1, false, "one"));
    }

    private static List<String> of1999(List<IndexMaintenance.Action> actions) {
        return actions.stream().filter(action -> action.index().contains("1999")).map(action -> action.action() + " " + action.index()).toList();
    }

    private static List<String> status1999(String... indices) throws Exception {
        JsonNode listed = JSON.readTree(get("/_cat/indices/*1999*?format=json&h=index,status&expand_wildcards=all"));
        List<String> statuses = new ArrayList<>();
        for (String index : indices) {
            String status = "gone";
            for (JsonNode row : listed) {
                if (row.path("index").asText().equals(index)) {
                    status = row.path("status").asText();
                }
            }
            statuses.add(status);
        }
        return statuses;
    }

    private static TreeSet<String> aliased(String alias) throws Exception {
        TreeSet<String> indexNames = new TreeSet<>();
        JSON.readTree(get("/_alias/" + alias)).fieldNames().forEachRemaining(indexNames::add);
        return indexNames;
    }

    private static int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(services.esUrl() + path)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int put(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(services.esUrl() + path)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(services.esUrl() + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
