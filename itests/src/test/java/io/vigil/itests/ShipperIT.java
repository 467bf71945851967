package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A real Elasticsearch shipper pointed at Vigil unchanged: rsyslog's omelasticsearch in bulk mode, fed syslog
 * lines over TCP, writes through Vigil's {@code /_bulk}; the events are found normalised in Elasticsearch.
 * Needs Debian's rsyslog and rsyslog-elasticsearch ({@code ./vigil test} installs them when it may).
 */
public class ShipperIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
    private static VigilInstance vigil;
    private static Process rsyslog;
    private static int syslogPort;

    @BeforeClass
    public static void start() throws Exception {
        assertTrue("rsyslogd is missing: apt-get install rsyslog rsyslog-elasticsearch (./vigil test does it when run as root)",
                Files.isExecutable(RSYSLOGD));
        vigil = new VigilInstance("shipper").withServicesElasticsearch().start();

        syslogPort = VigilInstance.freePort();
        Path dir = Files.createDirectories(vigil.var.resolve("rsyslog/work"));
        Path conf = vigil.var.resolve("rsyslog/rsyslog.conf");
        Files.writeString(conf, """
                global(workDirectory="%s")
                module(load="imtcp")
                module(load="omelasticsearch")
                input(type="imtcp" address="127.0.0.1" port="%d" ruleset="vigil")
                template(name="vigil-json" type="list" option.jsonf="on") {
                  property(outname="timestamp" name="timereported" dateFormat="rfc3339" format="jsonf")
                  property(outname="hostname" name="hostname" format="jsonf")
                  property(outname="program" name="programname" format="jsonf")
                  property(outname="pid" name="procid" format="jsonf")
                  property(outname="severity" name="syslogseverity-text" format="jsonf")
                  property(outname="facility" name="syslogfacility-text" format="jsonf")
                  property(outname="message" name="msg" format="jsonf")
                }
                ruleset(name="vigil") {
                  action(type="omelasticsearch" server="127.0.0.1" serverport="%s" template="vigil-json"
                         searchIndex="events" bulkmode="on" action.resumeRetryCount="-1")
                }
                """.formatted(dir, syslogPort, vigil.environment.get("VIGIL_HTTP_PORT")));
        rsyslog = new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", conf.toString(), "-i", vigil.var.resolve("rsyslog/rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(vigil.var.resolve("rsyslog/rsyslogd.log").toFile()).start();
        VigilInstance.awaitListening(syslogPort);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (rsyslog != null) {
            rsyslog.destroy();
            if (!rsyslog.waitFor(10, SECONDS)) {
                rsyslog.destroyForcibly();
            }
        }
        VigilInstance.stop(vigil);
    }

    @Test
    public void rsyslogOmelasticsearchWritesThroughVigil() throws Exception {
        String marker = "m" + UUID.randomUUID().toString().replace("-", "");
        // A syslog date has no year: today's, so the receiver never takes it for last year's.
        LocalDateTime sent = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
        String date = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH).format(sent);
        try (Socket socket = new Socket("127.0.0.1", syslogPort); OutputStream out = socket.getOutputStream()) {
            for (int i = 0; i < 25; i++) {
                out.write(("<38>" + date + " host1 sshd[123]: Accepted publickey for bob " + marker + " " + i + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        URI search = URI.create(vigil.esUrl() + "/events/_search?size=100&q=" + URLEncoder.encode("summary:" + marker, StandardCharsets.UTF_8));
        JsonNode hits = await().atMost(60, SECONDS).until(
                () -> JSON.readTree(http.send(HttpRequest.newBuilder(search).build(), HttpResponse.BodyHandlers.ofString()).body()).path("hits").path("hits"),
                found -> found.size() == 25);
        JsonNode event = hits.get(0).path("_source");
        assertEquals("host1", event.path("hostname").asText());
        assertEquals("sshd", event.path("processname").asText());
        assertEquals("123", event.path("processid").asText());
        assertEquals("INFO", event.path("severity").asText());
        assertEquals("auth", event.path("source").asText());
        assertTrue(event.toString(), event.path("summary").asText().contains("Accepted publickey for bob " + marker));
        // Seconds written out: LocalDateTime.toString() leaves ":00" off, which failed the test at a full minute.
        assertEquals(event.toString(), DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").format(sent) + "+00:00", event.path("utctimestamp").asText());
    }
}
