package io.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Both HTTPS listeners — the HTTP input and the REST API — with a certificate of a test CA (not the generated one)
 * and client certificates required: a client showing one the CA signed gets through; one without, or with another
 * CA's, is refused in the handshake; plain HTTP gets nothing. {@code ./vigil run} checks them with
 * VIGIL_TLS_CLIENT_CERT.
 */
public class HttpsMtlsIT {

    private static final String MARKER = "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String ADMIN_PASSWORD = "admin-" + MARKER;

    private static VigilInstance vigil;
    private static TestCa ca;
    private static Path client;
    private static Path stranger;

    @BeforeClass
    public static void start() throws Exception {
        vigil = new VigilInstance("https-mtls").withServicesElasticsearch();
        ca = new TestCa(vigil.var.getParent().resolve("https-mtls-ca"));
        Path server = ca.issue("server", "ip:127.0.0.1,dns:localhost");
        client = ca.issue("handler", null);
        stranger = new TestCa(vigil.var.getParent().resolve("https-mtls-other-ca")).issue("stranger", null);
        vigil.environment.put("VIGIL_ADMIN_PASSWORD", ADMIN_PASSWORD);
        vigil.environment.put("VIGIL_TLS_KEYSTORE", server.toString());
        vigil.environment.put("VIGIL_TLS_KEYSTORE_PASSWORD", TestCa.PASSWORD);
        vigil.environment.put("VIGIL_TLS_CA", ca.pem.toString());
        vigil.environment.put("VIGIL_TLS_CLIENT_CERT", client.toString());
        vigil.environment.put("VIGIL_TLS_CLIENT_CERT_PASSWORD", TestCa.PASSWORD);
        for (String listener : new String[] {"HTTP", "REST"}) {
            vigil.environment.put("VIGIL_" + listener + "_SCHEME", "https");
            vigil.environment.put("VIGIL_" + listener + "_TRUSTSTORE", ca.truststore.toString());
            vigil.environment.put("VIGIL_" + listener + "_TRUSTSTORE_PASSWORD", TestCa.PASSWORD);
            vigil.environment.put("VIGIL_" + listener + "_CLIENT_AUTH", "true");
        }
        vigil.start();
    }

    @AfterClass
    public static void stop() throws Exception {
        VigilInstance.stop(vigil);
    }

    private static String rest() {
        return "https://127.0.0.1:" + vigil.environment.get("VIGIL_REST_PORT");
    }

    private static HttpResponse<String> post(SSLContext context) throws IOException, InterruptedException {
        return HttpClient.newBuilder().sslContext(context).build().send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/events"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"over mtls " + MARKER + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> alerts(SSLContext context) throws IOException, InterruptedException {
        return HttpClient.newBuilder().sslContext(context).build().send(HttpRequest.newBuilder(URI.create(rest() + "/api/alerts?size=1"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void aClientWithTheCasCertificateGetsThroughToBothListeners() throws Exception {
        HttpResponse<String> posted = post(ca.context(client));
        assertEquals(posted.body(), 200, posted.statusCode());
        X509Certificate shown = (X509Certificate) posted.sslSession().orElseThrow().getPeerCertificates()[0];
        assertEquals("CN=server", shown.getSubjectX500Principal().getName());
        HttpResponse<String> listed = alerts(ca.context(client));
        assertEquals(listed.body(), 200, listed.statusCode());
        assertTrue(listed.sslSession().orElseThrow().getProtocol().startsWith("TLSv1."));
    }

    @Test
    public void aClientWithoutOneOrWithAnotherCasIsRefused() {
        assertThrows(IOException.class, () -> post(ca.context(null)));
        assertThrows(IOException.class, () -> alerts(ca.context(null)));
        assertThrows(IOException.class, () -> post(ca.context(stranger)));
        assertThrows(IOException.class, () -> alerts(ca.context(stranger)));
    }

    @Test
    public void plainHttpGetsNeitherListener() {
        for (String url : new String[] {vigil.httpUrl(), rest()}) {
            URI uri = URI.create(url.replace("https://", "http://") + "/status");
            assertThrows(url, IOException.class, () -> {
                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IOException("answered " + answer.statusCode());
                }
            });
        }
    }
}
