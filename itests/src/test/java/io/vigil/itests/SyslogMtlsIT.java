package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Syslog over TLS with a certificate of a test CA (not the generated one) and client certificates required: a sender
 * that shows one the CA signed is heard; one without, or with one of another CA, is refused and nothing of it kept.
 */
public class SyslogMtlsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MARKER = "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static VigilInstance vigil;
    private static TestCa ca;
    private static Path client;
    private static int port;

    @BeforeClass
    public static void start() throws Exception {
        vigil = new VigilInstance("syslog-mtls").withServicesElasticsearch();
        ca = new TestCa(vigil.var.getParent().resolve("syslog-mtls-ca"));
        Path server = ca.issue("server", "ip:127.0.0.1,dns:localhost");
        client = ca.issue("sender", null);
        port = VigilInstance.freePort();
        vigil.environment.put("VIGIL_SYSLOG_ENABLED", "true");
        vigil.environment.put("VIGIL_SYSLOG_PORT", Integer.toString(VigilInstance.freePort()));
        vigil.environment.put("VIGIL_SYSLOG_TLS_ENABLED", "true");
        vigil.environment.put("VIGIL_SYSLOG_TLS_PORT", Integer.toString(port));
        vigil.environment.put("VIGIL_TLS_KEYSTORE", server.toString());
        vigil.environment.put("VIGIL_TLS_KEYSTORE_PASSWORD", TestCa.PASSWORD);
        vigil.environment.put("VIGIL_SYSLOG_TRUSTSTORE", ca.truststore.toString());
        vigil.environment.put("VIGIL_SYSLOG_TRUSTSTORE_PASSWORD", TestCa.PASSWORD);
        vigil.environment.put("VIGIL_SYSLOG_CLIENT_AUTH", "true");
        vigil.start();
        VigilInstance.awaitListening(port);
    }

    @AfterClass
    public static void stop() throws Exception {
        VigilInstance.stop(vigil);
    }

    @Test
    public void aSenderWithoutACertificateOfTheCaIsRefusedOneWithIsHeard() throws Exception {
        assertThrows(IOException.class, () -> send(ca.context(null), "without a certificate " + MARKER));
        // Trusting Vigil's CA, showing a certificate another CA signed.
        Path stranger = new TestCa(vigil.var.getParent().resolve("syslog-mtls-other-ca")).issue("stranger", null);
        assertThrows(IOException.class, () -> send(ca.context(stranger), "with a stranger's certificate " + MARKER));

        send(ca.context(client), "with the CA's certificate " + MARKER);
        await().atMost(60, SECONDS).pollInterval(250, java.util.concurrent.TimeUnit.MILLISECONDS).until(() -> count("the+CA%27s+certificate") == 1);
        // Whatever the refused ones sent would have been stored by now, before this one.
        assertEquals(0, count("without+a+certificate"));
        assertEquals(0, count("stranger%27s+certificate"));
    }

    /** One octet-counted RFC 5424 message; a refused handshake, or a connection closed under it, throws. */
    private static void send(SSLContext context, String text) throws IOException {
        String message = "<13>1 - h mtls - - - " + text;
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            socket.getOutputStream().write((message.getBytes(StandardCharsets.UTF_8).length + " " + message).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            // TLS 1.3 reports a refused client certificate only on the first read after the handshake.
            socket.setSoTimeout(1_000);
            try {
                if (socket.getInputStream().read() < 0) {
                    throw new IOException("closed by the listener");
                }
            } catch (java.net.SocketTimeoutException e) {
                // Still open: heard.
            }
        }
    }

    private static int count(String words) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/events/_count?q=summary:%22" + words + "+" + MARKER + "%22"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body()).path("count").asInt();
    }
}
