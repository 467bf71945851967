package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * AMQPS: a RabbitMQ node of its own with a TLS listener, its certificate signed by a CA this test makes with openssl,
 * and a Vigil that consumes over TLS trusting only that CA and checking the broker's name.
 */
public class AmqpTlsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String NAME = "vigil-tls-" + UUID.randomUUID().toString().substring(0, 8);
    private static VigilInstance broker;
    private static VigilInstance vigil;
    private static Connection publisher;

    @BeforeClass
    public static void start() throws Exception {
        Path certs = Path.of("target/amqp-tls-certs").toAbsolutePath();
        Files.createDirectories(certs);
        openssl(certs, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Vigil test CA");
        openssl(certs, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
        Files.writeString(certs.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl(certs, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem",
                "-days", "2", "-extfile", "server.ext");

        broker = new VigilInstance("amqp-tls-broker");
        int plain = VigilInstance.freePort();
        int tls = VigilInstance.freePort();
        broker.environment.put("VIGIL_AMQP_PORT", Integer.toString(plain));
        broker.environment.put("VIGIL_AMQP_DIST_PORT", Integer.toString(VigilInstance.freePort()));
        broker.environment.put("VIGIL_EPMD_PORT", Integer.toString(VigilInstance.freePort()));
        broker.environment.put("VIGIL_AMQP_TLS_PORT", Integer.toString(tls));
        broker.environment.put("VIGIL_AMQP_TLS_CERT_DIR", certs.toString());
        broker.clean();
        VigilInstance.Result started = broker.vigil("services", "start", "rabbitmq");
        assertEquals(started.out(), 0, started.exit());

        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(plain);
        publisher = factory.newConnection("amqp-tls-it");
        try (Channel channel = publisher.createChannel()) {
            channel.exchangeDeclare(NAME, "direct", true);
            channel.queueDeclare(NAME, true, false, false, null);
            channel.queueBind(NAME, NAME, NAME);
        }

        vigil = new VigilInstance("amqp-tls").withServicesElasticsearch();
        vigil.environment.put("VIGIL_AMQP_ENABLED", "true");
        vigil.environment.put("VIGIL_AMQP_PORT", Integer.toString(tls));
        vigil.environment.put("VIGIL_AMQP_TLS", "true");
        vigil.environment.put("VIGIL_AMQP_TLS_CA_FILE", certs.resolve("ca.pem").toString());
        vigil.environment.put("VIGIL_AMQP_EXCHANGE", NAME);
        vigil.environment.put("VIGIL_AMQP_QUEUE", NAME);
        vigil.environment.put("VIGIL_AMQP_ROUTING_KEY", NAME);
        vigil.start();
    }

    @AfterClass
    public static void stop() throws Exception {
        VigilInstance.stop(vigil);
        if (publisher != null) {
            publisher.close();
        }
        if (broker != null) {
            broker.vigil("services", "stop", "rabbitmq");
        }
    }

    @Test
    public void eventsArriveOverTls() throws Exception {
        String marker = "m" + UUID.randomUUID().toString().replace("-", "");
        try (Channel channel = publisher.createChannel()) {
            channel.basicPublish(NAME, NAME, MessageProperties.PERSISTENT_TEXT_PLAIN.builder().messageId("tls-" + marker).build(),
                    ("{\"summary\":\"over tls " + marker + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(90, SECONDS).until(() -> {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/events/_doc/tls-" + marker)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200;
        });
        JsonNode document = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/events/_doc/tls-" + marker)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        // Vigil's only way to this broker is its TLS port: a plain AMQP client cannot speak there.
        assertEquals("over tls " + marker, document.at("/_source/summary").asText());
    }

    private static void openssl(Path directory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(String.join(" ", command) + "\n" + out, 0, process.waitFor());
    }
}
