package io.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The standard plugins in the distribution: one event per plugin family posted to the HTTP input, and the enriched
 * document each becomes in Elasticsearch (the test services' one, {@code -Dvigil.es.url}, which {@code ./vigil test}
 * passes); then {@code vigil:plugins} showing what ran.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StandardPluginsIT {

    private static final String HTTP_PORT = VigilContainer.httpPort();
    private static final String ES_URL = System.getProperty("vigil.es.url", "");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration INDEXED = Duration.ofSeconds(60);

    /** A word no other run's events contain, to find this run's documents. */
    private final String marker = "m" + UUID.randomUUID().toString().replace("-", "");

    @Inject
    private FeaturesService features;

    @Inject
    private SessionFactory sessions;

    @Configuration
    public Option[] configuration() throws Exception {
        Path database = GeoIpTest.database(Path.of("target/standard-plugins-city.mmdb").toAbsolutePath());
        return VigilContainer.options(HTTP_PORT,
                systemProperty("vigil.es.url").value(ES_URL),
                editConfigurationFilePut("etc/io.vigil.elasticsearch.cfg", "url", ES_URL.isEmpty() ? "http://127.0.0.1:9" : ES_URL),
                editConfigurationFilePut("etc/io.vigil.plugin.geoip.cfg", "database", database.toString()));
    }

    @Test
    public void theDistributionInstallsTheStandardPlugins() throws Exception {
        assertTrue(features.isInstalled(features.getFeature("vigil-plugins-standard")));
    }

    @Test
    public void sshdLinesAreParsedAndTheirAddressesLocated() throws Exception {
        post("/events", "{\"summary\":\"Accepted publickey for bob from 81.2.69.160 port 5555 ssh2\",\"processname\":\"sshd\","
                + "\"hostname\":\"bastion\",\"details\":{\"marker\":\"" + marker + "\"}}");
        JsonNode event = find("events-*", "details.marker:" + marker);
        assertEquals("bob", event.at("/details/username").asText());
        assertEquals("publickey", event.at("/details/authmethod").asText());
        assertEquals("81.2.69.160", event.at("/details/sourceipv4address").asText());
        assertEquals("London", event.at("/details/sourceipgeolocation/city").asText());
        assertEquals("51.5142,-0.0931", event.at("/details/sourceipgeopoint").asText());
        assertTrue(event.at("/mozdef/plugins").toString(), contains(event.at("/mozdef/plugins"), "parse_sshd", "ipFixup", "geoip"));
    }

    @Test
    public void noisyAuditdIsTypedAndItsIdsFixed() throws Exception {
        post("/events", "{\"category\":\"execve\",\"processname\":\"audisp-json\",\"summary\":\"Execve: ls\","
                + "\"details\":{\"auid\":\"4294967295\",\"dhost\":\"web1.example.com\",\"marker\":\"" + marker + "\"}}");
        JsonNode event = find("events-*", "details.marker:" + marker);
        assertEquals("auditd", event.path("type").asText());
        assertEquals("-1", event.at("/details/auid").asText());
        assertEquals("web1.example.com", event.path("hostname").asText());
    }

    @Test
    public void cloudtrailKeysAreLoweredAndPolymorphicValuesWrapped() throws Exception {
        post("/events", "{\"source\":\"cloudtrail\",\"summary\":\"DescribeInstances\","
                + "\"details\":{\"apiVersion\":\"2016-11-15\",\".hidden\":\"x\",\"Marker\":\"" + marker + "\"}}");
        JsonNode event = find("events-*", "details.marker:" + marker);
        assertEquals("\"2016-11-15\"", event.at("/details/apiversion/raw_value").asText());
        assertEquals("x", event.at("/details/hidden").asText());
    }

    @Test
    public void zeekRecordsFromTheCustomEndpointGetASummary() throws Exception {
        post("/custom/bro", "{\"category\":\"bro\",\"SOURCE\":\"bro_ssh\",\"MESSAGE\":" + JSON.writeValueAsString("{\"ts\":1505701210.163043,\"uid\":\""
                + marker + "\",\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":5555,\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":22,\"auth_success\":true}") + "}");
        JsonNode event = find("events-*", "details.uid:" + marker);
        assertEquals("SSH: 10.0.0.1 -> 10.0.0.2:22 success True", event.path("summary").asText());
        assertEquals("nsm", event.path("type").asText());
        assertEquals("2017-09-18T02:20:10.163043+00:00", event.path("utctimestamp").asText());
    }

    @Test
    public void suricataAlertsGetBroNames() throws Exception {
        post("/custom/suricata", "{\"category\":\"suricata\",\"source\":\"eve-log\",\"event_type\":\"alert\",\"message\":" + JSON.writeValueAsString(
                "{\"in_iface\":\"" + marker + "\",\"src_ip\":\"10.0.0.3\",\"src_port\":1234,\"dest_ip\":\"10.0.0.4\",\"dest_port\":80,"
                + "\"flow\":{\"start\":\"2018-09-12T22:24:09.546736+0000\",\"bytes_toserver\":150}}") + "}");
        JsonNode event = find("events-*", "details.in_iface:" + marker);
        assertEquals("10.0.0.3:1234 -> 10.0.0.4:80", event.path("summary").asText());
        assertEquals(150, event.at("/details/originipbytes").asInt());
    }

    @Test
    public void squidAccessLinesAreSplit() throws Exception {
        post("/custom/squid", "{\"category\":\"proxy\",\"source\":\"access\",\"tags\":\"squid\",\"MESSAGE\":\"1548043032.187 524 192.168.97.135 58322 "
                + "185.53.177.31 444 TCP_MISS 200 152 339 GET http://test.com:444/ http " + marker + ".example.com text/html\"}");
        JsonNode event = find("events-*", "details.host:" + marker + ".example.com");
        assertEquals("squid", event.path("type").asText());
        assertEquals(444, event.at("/details/destinationport").asInt());
        assertEquals("TCP_MISS", event.at("/details/proxyaction").asText());
    }

    @Test
    public void guardDutyFindingsAreMappedByType() throws Exception {
        post("/events", "{\"source\":\"guardduty\",\"summary\":\"finding\",\"details\":{\"id\":\"" + marker + "\","
                + "\"category\":\"UnauthorizedAccess:IAMUser/TorIPCaller\",\"title\":\"API called from Tor\",\"resource\":{\"resourceType\":\"AccessKey\"},"
                + "\"finding\":{\"resourceRole\":\"TARGET\",\"action\":{\"actionType\":\"AWS_API_CALL\","
                + "\"awsApiCallAction\":{\"remoteIpDetails\":{\"ipAddressV4\":\"198.51.100.7\"}}}}}}");
        JsonNode event = find("events-*", "details.findingid:" + marker);
        assertEquals("guardduty", event.path("category").asText());
        assertEquals("API called from Tor", event.path("summary").asText());
        assertEquals("198.51.100.7", event.at("/details/sourceipaddress").asText());
        assertEquals("aws_api_call", event.at("/details/type").asText());
    }

    @Test
    public void githubWebhooksBecomeGithubEvents() throws Exception {
        post("/events", "{\"tags\":[\"githubeventsqs\"],\"summary\":\"github\",\"details\":{\"event\":\"push\",\"request_id\":\"" + marker + "\","
                + "\"body\":{\"sender\":{\"login\":\"octocat\",\"id\":1},\"repository\":{\"name\":\"vigil\",\"id\":7},"
                + "\"head_commit\":{\"timestamp\":\"2019-01-01T00:00:00Z\",\"id\":\"abc\"}}}}");
        JsonNode event = find("events-*", "details.request_id:" + marker);
        assertEquals("github", event.path("category").asText());
        assertEquals("github: push: on repo: vigil triggered by user: octocat", event.path("summary").asText());
        assertEquals("2019-01-01T00:00:00+00:00", event.path("utctimestamp").asText());
    }

    @Test
    public void gcpAuditLogsFromPubSubAreSummarised() throws Exception {
        post("/events", "{\"tags\":[\"pubsub\"],\"summary\":\"gcp\",\"details\":{\"insertId\":\"" + marker + "\","
                + "\"logName\":\"projects/p/logs/cloudaudit.googleapis.com%2Factivity\",\"timestamp\":\"2019-11-21T23:45:34.93Z\","
                + "\"resource\":{\"type\":\"gce_instance\",\"labels\":{\"project_id\":\"p\"}},"
                + "\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\",\"authenticationInfo\":{\"principalEmail\":\"alice@example.com\"},"
                + "\"methodName\":\"v1.compute.instances.reset\",\"resourceName\":\"projects/p/zones/z/instances/vm1\",\"serviceName\":\"compute.googleapis.com\"}}}");
        JsonNode event = find("events-*", "details.insertId:" + marker);
        assertEquals("activity", event.path("category").asText());
        assertEquals("alice@example.com executed v1.compute.instances.reset on projects/p/zones/z/instances/vm1", event.path("summary").asText());
        assertTrue(event.at("/mozdef/plugins").toString(), contains(event.at("/mozdef/plugins"), "stackdriver", "stackdriver_audit"));
    }

    @Test
    public void ldapActorsGiveEmailAndUsername() throws Exception {
        post("/events", "{\"category\":\"ldap\",\"summary\":\"LDAP-Humanizer:1:1.1.1.1\",\"details\":{\"actor\":\"mail=tester@example.com,o=com\","
                + "\"tls\":\"true\",\"marker\":\"" + marker + "\"}}");
        JsonNode event = find("events-*", "details.marker:" + marker);
        assertEquals("tester@example.com", event.at("/details/email").asText());
        assertEquals("tester", event.at("/details/username").asText());
        assertEquals("ldap", event.path("source").asText());
    }

    @Test
    public void zoomWebhooksAreMapped() throws Exception {
        post("/events", "{\"tags\":[\"zoom\"],\"summary\":\"zoom_event\",\"hostname\":\"zoom_host\",\"details\":{\"event\":\"meeting.started\","
                + "\"payload\":{\"account_id\":\"A1\",\"operator\":\"bob@example.com\",\"object\":{\"uuid\":\"" + marker + "\",\"id\":\"1\",\"start_time\":\"\"}}}}");
        JsonNode event = find("events-*", "details.uuid:" + marker);
        assertEquals("zoom: meeting.started triggered by user bob@example.com", event.path("summary").asText());
        assertTrue(event.toString(), event.path("details").path("start_time").isMissingNode());
    }

    @Test
    public void firewallLinesAreSplit() throws Exception {
        post("/events", "{\"summary\":\"9,,,1000000103,igb0,match,block,in,4,0x0,,6,60624,0,DF,17,udp,92,175.41.7.2,21.143.56.109,57434,33443,72\","
                + "\"processname\":\"filterlog\",\"details\":{\"marker\":\"" + marker + "\"}}");
        JsonNode event = find("events-*", "details.marker:" + marker);
        assertEquals("block", event.at("/details/action").asText());
        assertEquals("udp", event.at("/details/ip/protocoltext").asText());
        assertEquals("175.41.7.2", event.at("/details/sourceipv4address").asText());
    }

    @Test
    public void vulnerabilityReportsReplaceTheAssetsState() throws Exception {
        post("/custom/vulnerability", "{\"type\":\"vulnerability\",\"version\":2,\"utctimestamp\":\"2016-11-21T22:18:31+00:00\",\"description\":\"scan\","
                + "\"sourcename\":\"scanapi\",\"zone\":\"" + marker + "\",\"asset\":{\"hostname\":\"h1\",\"ipaddress\":\"1.2.3.4\"},\"vulnerabilities\":[]}");
        String id = md5(marker + "|scanapi|h1|1.2.3.4");
        Eventually.within(INDEXED, () -> {
            ContainerHttp.Answer answer = ContainerHttp.get(ES_URL + "/vulnerabilities/_doc/" + id);
            assertEquals(answer.body(), 200, answer.status());
            assertEquals("vulnerability_state", JSON.readTree(answer.body()).at("/_source/type").asText());
        });
    }

    @Test
    public void vigilPluginsListsEveryPluginWithItsCounters() throws Exception {
        post("/events", "{\"summary\":\"Accepted publickey for carol from 10.9.8.7 port 22 ssh2\",\"processname\":\"sshd\",\"details\":{\"marker\":\""
                + marker + "\"}}");
        find("events-*", "details.marker:" + marker);
        String listing = shell("vigil:plugins");
        for (String plugin : new String[] {"auditdFixup", "broFixup", "cloudtrail", "customDocType", "dropMessage", "filterlog", "geoip", "github_webhooks",
            "googleFixup", "guardDuty", "ipFixup", "large_strings", "ldap_fixup", "lower_keys", "mozilla_location", "nagioshostname", "netflowFixup",
            "observium", "parse_sshd", "parse_su", "remove_dots", "rt_flow", "snmptt", "squidFixup", "sshdFindIP", "stackdriver", "stackdriver_audit",
            "stackdriver_gceactivity", "stackdriver_syslog", "suricataFixup", "ttl_auditd", "vulnerability", "complianceitems", "zoom_fixup", "triage_bot"}) {
            assertTrue(plugin + " missing from:\n" + listing, listing.contains(plugin + " "));
        }
        String parseSshd = listing.lines().filter(line -> line.startsWith("parse_sshd ")).findFirst().orElseThrow();
        assertTrue(parseSshd, parseSshd.contains("io.vigil.plugin.sshd"));
        assertTrue(parseSshd, parseSshd.matches(".*\\|\\s+[1-9]\\d*\\s+\\|.*"));
        String location = listing.lines().filter(line -> line.startsWith("mozilla_location ")).findFirst().orElseThrow();
        assertTrue(location, location.contains("inactive: no site.domain"));
        assertTrue(shell("vigil:plugins --description"), shell("vigil:plugins --description").contains("first IPv4 address in the summary"));
    }

    private String shell(String command) throws Exception {
        return VigilContainer.shell(sessions, command);
    }

    private void post(String path, String body) throws Exception {
        assumeFalse("needs an Elasticsearch: run ./vigil test, or pass -Dvigil.es.url", ES_URL.isEmpty());
        // The container's features are up before its HTTP input listens.
        ContainerHttp.awaitStatus(HTTP_PORT, INDEXED, sessions);
        ContainerHttp.Answer answer = ContainerHttp.post("http://127.0.0.1:" + HTTP_PORT + path, "application/json", body);
        assertEquals(answer.body(), 200, answer.status());
        assertEquals("{\"accepted\":1,\"dropped\":0,\"deadlettered\":0}", answer.body());
    }

    /** The one document of {@code index} the query finds, once Elasticsearch has it searchable. */
    private JsonNode find(String index, String query) throws Exception {
        JsonNode[] found = new JsonNode[1];
        Eventually.within(INDEXED, () -> {
            JsonNode hits = JSON.readTree(ContainerHttp.get(ES_URL + "/" + index + "/_search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).body())
                    .at("/hits/hits");
            assertEquals(query + ": " + hits, 1, hits.size());
            found[0] = hits.get(0).get("_source");
        });
        return found[0];
    }

    private static boolean contains(JsonNode list, String... names) {
        for (String name : names) {
            boolean present = false;
            for (JsonNode element : list) {
                present |= name.equals(element.asText());
            }
            if (!present) {
                return false;
            }
        }
        return true;
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
