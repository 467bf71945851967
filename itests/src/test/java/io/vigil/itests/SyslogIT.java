package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The syslog input end to end with real senders: Debian's rsyslog and syslog-ng, fed messages by the test, forward
 * them to Vigil over TCP (RFC 5424 octet-counted, RFC 3164 newline-framed) and UDP (RFC 3164), as their stock
 * forwarding actions do, and both over TLS (RFC 5425) checking the certificate {@code ./vigil run} made; each message
 * is found in Elasticsearch with hostname, processname, processid, facility, severity and summary. A line that is no syslog at all is kept, tagged parse_error. {@code ./vigil test} installs
 * rsyslog, and unpacks syslog-ng (whose package would replace rsyslog) into its own folder, naming it in
 * {@code -Dvigil.syslogng}.
 */
public class SyslogIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
    private static final String SYSLOG_NG = System.getProperty("vigil.syslogng", "");
    private static final String MARKER = "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static VigilInstance vigil;
    private static int vigilPort;
    private static int vigilTlsPort;
    private static Process rsyslog;
    private static Process syslogNg;
    private static int rsyslogPort;
    private static int syslogNgPort;

    @BeforeClass
    public static void start() throws Exception {
        assertTrue("rsyslogd is missing: apt-get install rsyslog (./vigil test does it when run as root)", Files.isExecutable(RSYSLOGD));
        assertTrue("syslog-ng is missing: run through ./vigil test, which unpacks it and passes -Dvigil.syslogng", !SYSLOG_NG.isEmpty());
        vigilPort = VigilInstance.freePort();
        vigil = new VigilInstance("syslog").withServicesElasticsearch();
        vigil.environment.put("VIGIL_SYSLOG_ENABLED", "true");
        vigil.environment.put("VIGIL_SYSLOG_PORT", Integer.toString(vigilPort));
        vigilTlsPort = VigilInstance.freePort();
        vigil.environment.put("VIGIL_SYSLOG_TLS_ENABLED", "true");
        vigil.environment.put("VIGIL_SYSLOG_TLS_PORT", Integer.toString(vigilTlsPort));
        // SigmaHQ's rule for sshd's signs of an exploit, as a user would copy it into the rules folder.
        Path sigma = Files.createDirectories(Path.of("target/syslog-it-sigma").toAbsolutePath());
        Files.copy(SigmaConformanceTest.CORPUS.resolve("rules/linux/builtin/sshd/lnx_sshd_susp_ssh.yml"), sigma.resolve("lnx_sshd_susp_ssh.yml"),
                StandardCopyOption.REPLACE_EXISTING);
        vigil.environment.put("VIGIL_SIGMA_RULES_DIR", sigma.toString());
        vigil.start();
        // The syslog routes start with the others, not necessarily before the HTTP input that start() waits for.
        VigilInstance.awaitListening(vigilPort);
        VigilInstance.awaitListening(vigilTlsPort);
        // The certificate ./vigil run made at first start, as the senders' CA file.
        Path caFile = vigil.var.resolve("tls/vigil.pem");

        // rsyslog: what arrives on its UDP input goes on to Vigil by omfwd, in three ways chosen by program name.
        rsyslogPort = VigilInstance.freePort();
        Path rsyslogDir = Files.createDirectories(vigil.var.resolve("rsyslog/work"));
        Path rsyslogConf = vigil.var.resolve("rsyslog/rsyslog.conf");
        Files.writeString(rsyslogConf, """
                global(workDirectory="%1$s" DefaultNetstreamDriverCAFile="%4$s")
                module(load="imudp")
                input(type="imudp" address="127.0.0.1" port="%2$d" ruleset="forward")
                ruleset(name="forward") {
                  if $programname == "rs-tcp5424" then action(type="omfwd" target="127.0.0.1" port="%3$d" protocol="tcp"
                      TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")
                  if $programname == "rs-tcp3164" then action(type="omfwd" target="127.0.0.1" port="%3$d" protocol="tcp")
                  if $programname == "rs-udp3164" then action(type="omfwd" target="127.0.0.1" port="%3$d" protocol="udp")
                  if $programname == "rs-tls5424" then action(type="omfwd" target="localhost" port="%5$d" protocol="tcp"
                      StreamDriver="ossl" StreamDriverMode="1" StreamDriverAuthMode="x509/name" StreamDriverPermittedPeers="localhost"
                      TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")
                }
                """.formatted(rsyslogDir, rsyslogPort, vigilPort, caFile, vigilTlsPort));
        rsyslog = new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", rsyslogConf.toString(), "-i", vigil.var.resolve("rsyslog/rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(vigil.var.resolve("rsyslog/rsyslogd.log").toFile()).start();

        // syslog-ng: its syslog() driver (RFC 5424, octet-counted) over TCP and over TLS (RFC 5425, checking the
        // certificate ./vigil run made), and its network() driver (RFC 3164) over TCP and UDP.
        syslogNgPort = VigilInstance.freePort();
        Path ngDir = Files.createDirectories(vigil.var.resolve("syslog-ng"));
        Path ngConf = ngDir.resolve("syslog-ng.conf");
        Files.writeString(ngConf, """
                @version: 3.35
                options { keep-hostname(yes); };
                source s_test { network(ip("127.0.0.1") port(%1$d) transport("udp")); };
                destination d_5424 { syslog("127.0.0.1" port(%2$d) transport("tcp") persist-name("d5424")); };
                destination d_tcp { network("127.0.0.1" port(%2$d) transport("tcp") persist-name("dtcp")); };
                destination d_udp { network("127.0.0.1" port(%2$d) transport("udp") persist-name("dudp")); };
                destination d_tls { syslog("localhost" port(%3$d) transport("tls") tls(ca-file("%4$s") peer-verify(required-trusted)) persist-name("dtls")); };
                filter f_5424 { program("ng-tcp5424"); };
                filter f_tcp { program("ng-tcp3164"); };
                filter f_udp { program("ng-udp3164"); };
                filter f_tls { program("ng-tls5424"); };
                log { source(s_test); filter(f_5424); destination(d_5424); };
                log { source(s_test); filter(f_tcp); destination(d_tcp); };
                log { source(s_test); filter(f_udp); destination(d_udp); };
                log { source(s_test); filter(f_tls); destination(d_tls); };
                """.formatted(syslogNgPort, vigilPort, vigilTlsPort, caFile));
        syslogNg = new ProcessBuilder(SYSLOG_NG, "-F", "-f", ngConf.toString(), "-R", ngDir.resolve("persist").toString(), "-p",
                ngDir.resolve("pid").toString(), "-c", ngDir.resolve("ctl").toString())
                .redirectErrorStream(true).redirectOutput(ngDir.resolve("syslog-ng.log").toFile()).start();
    }

    @AfterClass
    public static void stop() throws Exception {
        for (Process process : new Process[] {rsyslog, syslogNg}) {
            if (process != null) {
                process.destroy();
                process.waitFor();
            }
        }
        VigilInstance.stop(vigil);
    }

    @Test
    public void rsyslogForwardsOverTcpAndUdpInBothFormats() throws Exception {
        for (String program : new String[] {"rs-tcp5424", "rs-tcp3164", "rs-udp3164", "rs-tls5424"}) {
            assertForwarded(rsyslogPort, program);
        }
    }

    @Test
    public void syslogNgForwardsOverTcpUdpAndTlsInBothFormats() throws Exception {
        for (String program : new String[] {"ng-tcp5424", "ng-tcp3164", "ng-udp3164", "ng-tls5424"}) {
            assertForwarded(syslogNgPort, program);
        }
    }

    /**
     * sshd's message over syslog (TCP, RFC 5424) raises SigmaHQ's "Suspicious OpenSSH Daemon Error" through the linux
     * mapping (service sshd: the program); the same words from another program do not.
     */
    @Test
    public void sshdOverSyslogRaisesSigmaHqsRule() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", vigilPort)) {
            for (String program : List.of("sshd", "cron")) {
                String message = "<38>1 2026-12-07T10:00:00Z bastion1 " + program + " 4242 - - fatal: buffer_get_string: bad string " + MARKER + " " + program;
                socket.getOutputStream().write((message.getBytes(StandardCharsets.UTF_8).length + " " + message).getBytes(StandardCharsets.UTF_8));
            }
            socket.getOutputStream().flush();
        }
        String sshd = awaitEvent("processname:sshd+AND+summary:" + MARKER).path("summary").asText();
        assertTrue(sshd, sshd.endsWith(MARKER + " sshd"));
        awaitEvent("processname:cron+AND+summary:" + MARKER);
        await().atMost(60, SECONDS).pollInterval(500, java.util.concurrent.TimeUnit.MILLISECONDS).ignoreExceptions().until(() -> !sshdAlerts().isEmpty());
        await().during(2, SECONDS).atMost(10, SECONDS).until(() -> sshdAlerts().size() == 1);
        List<JsonNode> alerts = sshdAlerts();
        assertEquals("Sigma: Suspicious OpenSSH Daemon Error on bastion1", alerts.get(0).path("summary").asText());
        assertTrue(alerts.get(0).at("/events/0/documentsource/summary").asText().endsWith(MARKER + " sshd"));
    }

    /** The alerts of SigmaHQ's sshd rule on this test's events. */
    private static List<JsonNode> sshdAlerts() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl()
                + "/alerts/_search?size=1000&q=details.sigma.id:%22e76b413a-83d0-4b94-8e4c-85db4a5b8bdc%22")).build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode hit : JSON.readTree(answer.body()).path("hits").path("hits")) {
            if (hit.at("/_source/events/0/documentsource/summary").asText().contains(MARKER)) {
                alerts.add(hit.path("_source"));
            }
        }
        return alerts;
    }

    @Test
    public void whatIsNoSyslogIsKeptTaggedParseError() throws Exception {
        String line = "not syslog " + MARKER;
        try (Socket socket = new Socket("127.0.0.1", vigilPort); OutputStream out = socket.getOutputStream()) {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        JsonNode event = awaitEvent("summary:%22" + URLEncoder.encode(line, StandardCharsets.UTF_8) + "%22");
        assertEquals("[\"syslog\",\"parse_error\"]", event.path("tags").toString());
        assertEquals(line, event.at("/details/raw").asText());
        assertEquals("syslog", event.path("category").asText());
    }

    @Test
    public void theTlsListenerRefusesPlainText() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", vigilTlsPort)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("<13>1 - h plain - - - in clear " + MARKER + "\n").getBytes(StandardCharsets.UTF_8));
            // No TLS handshake: the listener closes the connection (a TLS alert at most) and keeps nothing of it.
            byte[] answer = socket.getInputStream().readNBytes(64);
            assertTrue("answered " + answer.length + " bytes", answer.length < 64);
        }
        // Over TLS the same port takes a message; once that one is stored, the one sent in clear would be too.
        KeyStore trust = TestCa.load(vigil.var.resolve("tls/trust.p12"), Files.readString(vigil.var.resolve("tls/password")).trim());
        SSLContext context = TestCa.clientContext(trust, null);
        String message = "<13>1 - h java - - - over tls " + MARKER;
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", vigilTlsPort)) {
            socket.getOutputStream().write((message.getBytes(StandardCharsets.UTF_8).length + " " + message).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            assertTrue(socket.getSession().getProtocol(), socket.getSession().getProtocol().matches("TLSv1\\.[23]"));
        }
        awaitEvent("summary:%22over+tls+" + MARKER + "%22");
        assertEquals(0, count("summary:%22in+clear+" + MARKER + "%22"));
    }

    private static int count(String query) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/events/_count?q=" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body()).path("count").asInt();
    }

    /** Sends a message as that program to the forwarder's UDP input; Vigil stores it with the header's fields. */
    private static void assertForwarded(int forwarder, String program) throws Exception {
        String text = "user alice failed password " + MARKER + " via " + program;
        // RFC 3164 into the forwarder: local3.warning, host sender7, pid 4242.
        byte[] message = ("<156>Jan  5 10:00:00 sender7 " + program + "[4242]: " + text).getBytes(StandardCharsets.UTF_8);
        JsonNode event = null;
        // UDP into the forwarder may be lost before it listens: sent again until the event arrives.
        for (int attempt = 0; attempt < 30 && event == null; attempt++) {
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.send(new DatagramPacket(message, message.length, InetAddress.getLoopbackAddress(), forwarder));
            }
            try {
                event = awaitEvent("processname:%22" + program + "%22+AND+details.transport:*+AND+summary:" + MARKER, 2);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                event = null;
            }
        }
        assertTrue(program + " never arrived", event != null);
        assertEquals(program, "sender7", event.path("hostname").asText());
        assertEquals(program, "4242", event.path("processid").asText());
        assertEquals(program, "local3", event.path("facility").asText());
        assertEquals(program, "WARNING", event.path("severity").asText());
        assertEquals(program, text, event.path("summary").asText());
        assertEquals(program, "syslog", event.path("category").asText());
        assertEquals(program, program.contains("udp") ? "udp" : program.contains("tls") ? "tls" : "tcp", event.at("/details/transport").asText());
        assertTrue(program + ": " + event, event.path("utctimestamp").asText().contains("-01-05T10:00:00"));
    }

    private static JsonNode awaitEvent(String query) throws Exception {
        return awaitEvent(query, 60);
    }

    private static JsonNode awaitEvent(String query, int seconds) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(seconds, SECONDS).pollInterval(250, java.util.concurrent.TimeUnit.MILLISECONDS).ignoreExceptions().until(() -> {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/events/_search?q=" + query)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode hits = JSON.readTree(answer.body()).path("hits").path("hits");
            found[0] = hits.size() > 0 ? hits.get(0).path("_source") : null;
            return found[0] != null;
        });
        return found[0];
    }
}
