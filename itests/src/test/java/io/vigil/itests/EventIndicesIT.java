package io.vigil.itests;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.EventIndices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.TreeSet;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * MozDef's aliases across UTC midnight and month ends, against a real Elasticsearch of its own (the test
 * creates indices of days far in the past, which must not meet anyone's data).
 */
public class EventIndicesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static VigilInstance services;
    private static EventIndices indices;

    @BeforeClass
    public static void startElasticsearch() throws Exception {
        services = new VigilInstance("indices");
        services.clean();
        VigilInstance.Result started = services.vigil("services", "start", "elasticsearch");
        assertEquals(started.out(), 0, started.exit());
        indices = new EventIndices(URI.create(services.esUrl()), HTTP);
        indices.installTemplates();
    }

    @AfterClass
    public static void stopElasticsearch() throws Exception {
        if (services != null) {
            services.vigil("services", "stop", "elasticsearch");
        }
    }

    @Test
    public void aliasesFollowTheDayAcrossMidnightAndMonthEnd() throws Exception {
        for (LocalDate day = LocalDate.of(2001, 1, 25); !day.isAfter(LocalDate.of(2001, 2, 2)); day = day.plusDays(1)) {
            indices.rollTo(day);
        }
        assertEquals("[events-20010202]", aliased("events").toString());
        assertEquals("[events-20010201]", aliased("events-previous").toString());
        assertEquals("[events-20010127, events-20010128, events-20010129, events-20010130, events-20010131, events-20010201, events-20010202]",
                aliased("events-weekly").toString());
        assertEquals("date", JSON.readTree(get("/events-20010202/_mapping")).at("/events-20010202/mappings/properties/utctimestamp/type").asText());
    }

    private static TreeSet<String> aliased(String alias) throws Exception {
        TreeSet<String> indexNames = new TreeSet<>();
        JsonNode answer = JSON.readTree(get("/_alias/" + alias));
        answer.fieldNames().forEachRemaining(indexNames::add);
        return indexNames;
    }

    private static String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(services.esUrl() + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
