package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The HTTP input over HTTPS only ({@code VIGIL_HTTP_SCHEME=https}) with the certificate {@code ./vigil run} makes
 * at first start: {@code ./vigil run} reaches healthy through it, a client trusting that certificate posts events
 * that are stored, {@code ./vigil send} works as is, the block lists are served on it, and plain HTTP gets nothing.
 */
public class HttpsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static VigilInstance vigil;
    private static HttpClient https;

    @BeforeClass
    public static void start() throws Exception {
        vigil = new VigilInstance("https").withServicesElasticsearch();
        vigil.environment.put("VIGIL_HTTP_SCHEME", "https");
        vigil.start();
        KeyStore trust = TestCa.load(vigil.var.resolve("tls/trust.p12"), Files.readString(vigil.var.resolve("tls/password")).trim());
        https = HttpClient.newBuilder().sslContext(TestCa.clientContext(trust, null)).build();
    }

    @AfterClass
    public static void stop() throws Exception {
        VigilInstance.stop(vigil);
    }

    @Test
    public void eventsPostedOverHttpsAreStored() throws Exception {
        assertTrue(vigil.httpUrl(), vigil.httpUrl().startsWith("https://127.0.0.1:"));
        HttpResponse<String> posted = https.send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/events"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"over https " + MARKER + "\",\"hostname\":\"h\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(posted.body(), 200, posted.statusCode());
        assertEquals("TLSv1.3", posted.sslSession().orElseThrow().getProtocol());

        Path file = vigil.var.resolve("https-events.json");
        Files.writeString(file, "{\"summary\":\"sent over https " + MARKER + "\"}\n");
        VigilInstance.Result sent = vigil.vigil("send", file.toString());
        assertEquals(sent.out(), 0, sent.exit());

        await().atMost(60, SECONDS).until(() -> count("%22over+https+" + MARKER + "%22") == 2);
        assertEquals(200, https.send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/blocklist/ip.txt")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    public void plainHttpGetsNothing() {
        HttpClient plain = HttpClient.newHttpClient();
        URI uri = URI.create(vigil.httpUrl().replace("https://", "http://") + "/status");
        assertThrows(IOException.class, () -> {
            HttpResponse<String> answer = plain.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            // Jetty may answer a plain request on its TLS port with a 400 in clear: that is not the input either.
            if (answer.statusCode() != 200) {
                throw new IOException("answered " + answer.statusCode());
            }
        });
    }

    private static int count(String query) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/events/_count?q=summary:" + query))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode count = JSON.readTree(answer.body()).path("count");
        return count.asInt();
    }
}
