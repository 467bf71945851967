package io.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.JsonEvent;
import io.vigil.core.KeyMapping;
import io.vigil.core.PluginChain;
import io.vigil.sigma.EventFields;
import io.vigil.sigma.FieldMapping;
import io.vigil.sigma.Placeholders;
import io.vigil.sigma.RuleSet;
import io.vigil.sigma.SigmaRule;
import io.vigil.sqs.SqsMessages;
import io.vigil.tools.SigmaTool;
import io.vigil.tools.StandardPlugins;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * SigmaHQ's rules and regression tests ({@code ../shared/fixtures/sigma}, or {@code -Dvigil.sigma}): what
 * {@code ./vigil sigma check} and {@code regress} report, held to the goals of issue 20.
 */
public class SigmaConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** SigmaHQ's corpus: the other tests that run its rules copy them from here. */
    static final Path CORPUS = Path.of(System.getProperty("vigil.sigma", "../../shared/fixtures/sigma"));

    private static SigmaTool tool(ByteArrayOutputStream report) {
        return new SigmaTool(new PrintStream(report, true, StandardCharsets.UTF_8), Placeholders.NONE);
    }

    /** At least 99 % of the rules load; those refused are refused only for what the specification says to refuse. */
    @Test
    public void sigmaHqRulesLoad() throws Exception {
        assertTrue("no Sigma corpus at " + CORPUS.toAbsolutePath(), Files.isDirectory(CORPUS));
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        SigmaTool.Result result = tool(report).check(CORPUS);
        String text = report.toString(StandardCharsets.UTF_8);
        int total = result.passed() + result.failed();
        assertTrue(text, total > 1000);
        assertTrue(text, result.passed() >= total * 0.99);
        // Placeholders without values must refuse a rule (the specification); nothing else may.
        result.failures().forEach(failure -> assertTrue(failure, failure.startsWith("placeholder: ")));
        assertTrue(text, text.contains("sigma: " + result.passed() + " passed, " + result.failed() + " failed"));
    }

    /** Every regression case: the rule matches its sample's Windows events after Vigil's own normalisation. */
    @Test
    public void sigmaHqRegressionCasesPass() throws Exception {
        long cases;
        try (Stream<Path> files = Files.walk(CORPUS.resolve("regression_data"))) {
            cases = files.filter(file -> file.getFileName().toString().equals("info.yml")).count();
        }
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        SigmaTool.Result result = tool(report).regress(CORPUS, CORPUS);
        String text = report.toString(StandardCharsets.UTF_8);
        assertTrue(text, cases > 0);
        assertEquals(text, 0, result.failed());
        assertEquals(text, cases, result.passed());
    }

    /**
     * A CloudTrail record as the SQS input stores it (laid out by its own code, then the standard plugins) meets
     * SigmaHQ's AWS rules through Vigil's aws mapping: a bucket deletion raises "AWS Bucket Deleted", a failed one not.
     */
    @Test
    public void cloudTrailRecordsMeetSigmaHqsAwsRules() throws Exception {
        RuleSet rules = RuleSet.load(CORPUS.resolve("rules/cloud/aws"));
        assertTrue(rules.runnable() > 40);
        assertEquals(0, rules.unmapped().size());
        String bucketDeleted = "39c9f26d-6e3b-4dbb-9c7a-4154b0281112";
        assertTrue(ids(rules, cloudtrail("DeleteBucket", null)).contains(bucketDeleted));
        assertTrue(!ids(rules, cloudtrail("DeleteBucket", "AccessDenied")).contains(bucketDeleted));
        assertTrue(!ids(rules, cloudtrail("ListBuckets", null)).contains(bucketDeleted));
    }

    private static List<String> ids(RuleSet rules, ObjectNode event) {
        return rules.matching(event).stream().map(SigmaRule::id).toList();
    }

    private static ObjectNode cloudtrail(String eventName, String errorCode) throws Exception {
        ObjectNode record = JSON.createObjectNode().put("eventVersion", "1.08").put("eventTime", "2026-12-07T10:00:00Z")
                .put("eventSource", "s3.amazonaws.com").put("eventName", eventName).put("awsRegion", "eu-west-1").put("sourceIPAddress", "198.51.100.7");
        record.putObject("userIdentity").put("type", "IAMUser").put("arn", "arn:aws:iam::123456789012:user/mallory").put("userName", "mallory");
        record.putObject("requestParameters").put("bucketName", "backups");
        if (errorCode != null) {
            record.put("errorCode", errorCode);
        }
        ObjectNode file = JSON.createObjectNode();
        file.putArray("Records").add(record);
        ObjectNode stored = new SqsMessages("taskexchange", "vigil-test", Clock.systemUTC()).cloudtrail(JSON.writeValueAsBytes(file)).get(0);
        JsonEvent event = new JsonEvent(stored, "events", null);
        new StandardPlugins().chain(List.of()).process(event);
        return event.document();
    }

    /**
     * What shippers send meets SigmaHQ's rules through Vigil's mappings, as stored (the inputs' and plugins' own layout):
     * Zeek logs posted to /custom/bro, Squid's access log to /custom/squid, syslog messages, audisp-json's execve
     * records, Stackdriver's GCP audit entries, GitHub's audit log stream to /custom/github-audit; each with a near miss.
     */
    @Test
    public void shippersEventsMeetSigmaHqRulesThroughVigilsMappings() throws Exception {
        RuleSet rules = RuleSet.load(CORPUS.resolve("rules"));
        // Zeek: the product's rules, and the dns category's (which name no product) on the same query.
        String torProxy = "a8322756-015c-42e7-afb1-436e85ed3ff5";
        String telegram = "c64c5175-5189-431b-a55e-6d9882158251";
        assertTrue(ids(rules, zeek("dns", "{'query':'x7.onion','qtype_name':'A'}")).contains(torProxy));
        assertTrue(ids(rules, zeek("dns", "{'query':'api.telegram.org','qtype_name':'A'}")).contains(telegram));
        assertTrue(!ids(rules, zeek("dns", "{'query':'onion.example.org','qtype_name':'A'}")).contains(torProxy));
        String psexec = "f1b3a22a-45e6-4004-afb5-4291f9c21166";
        assertTrue(ids(rules, zeek("smb_files", "{'path':'\\\\\\\\10.1.1.1\\\\IPC$','name':'RemCom-stdin'}")).contains(psexec));
        assertTrue(!ids(rules, zeek("smb_files", "{'path':'\\\\\\\\10.1.1.1\\\\IPC$','name':'PSEXESVC-stdin'}")).contains(psexec));
        // Squid
        String paste = "5468045b-4fcc-4d1a-973c-c9c9578edacb";
        assertTrue(ids(rules, squid("https://www.pastebin.com/raw/x1")).contains(paste));
        assertTrue(!ids(rules, squid("https://www.pastebin.com/x1")).contains(paste));
        // syslog: a linux keyword rule, and one of service sshd
        String overflow = "18b042f0-2ecd-4b6e-9f8d-aa7a7e7de781";
        String sshd = "e76b413a-83d0-4b94-8e4c-85db4a5b8bdc";
        assertTrue(ids(rules, syslog("nginx", "*** stack smashing detected ***: terminated")).contains(overflow));
        assertTrue(ids(rules, syslog("sshd", "fatal: buffer_get_string: bad string")).contains(sshd));
        assertTrue(!ids(rules, syslog("cron", "fatal: buffer_get_string: bad string")).contains(sshd));
        // audisp-json: process creation
        String removal = "95d61234-7f56-465c-6f2d-b562c6fedbc4";
        assertTrue(ids(rules, execve("/usr/bin/apt-get", "apt-get remove --purge auditd")).contains(removal));
        assertTrue(!ids(rules, execve("/usr/bin/apt-get", "apt-get install auditd")).contains(removal));
        // GCP audit
        String vpn = "99980a85-3a61-43d3-ac0f-b68d6b4797b1";
        assertTrue(ids(rules, gcp("compute.vpnTunnels.delete")).contains(vpn));
        assertTrue(!ids(rules, gcp("compute.vpnTunnels.list")).contains(vpn));
        // GitHub's audit log
        String destroyed = "16a71777-0b2e-4db7-9888-9d59cb75200b";
        assertTrue(ids(rules, custom("{'action':'repo.destroy','actor':'mallory','org':'acme','repo':'acme/site'}", "github-audit")).contains(destroyed));
        assertTrue(!ids(rules, custom("{'action':'repo.create','actor':'mallory','org':'acme','repo':'acme/site'}", "github-audit")).contains(destroyed));
    }

    private static final KeyMapping KEYS = new KeyMapping("vigil-test", Clock.systemUTC());
    private static final PluginChain CHAIN = new StandardPlugins().chain(List.of());

    /** As POST /custom/{app} stores it: as sent, then the standard plugins. */
    private static ObjectNode custom(String json, String app) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(json.replace('\'', '"'));
        event.put("endpoint", app).put("customendpoint", true);
        JsonEvent stored = new JsonEvent(event, "events", null);
        CHAIN.process(stored);
        return stored.document();
    }

    /** A Zeek log line as MozDef's bro endpoint took it. */
    private static ObjectNode zeek(String log, String fields) throws Exception {
        ObjectNode line = (ObjectNode) JSON.readTree(fields.replace('\'', '"'));
        line.put("ts", 1.76510880E9).put("uid", "C1").put("id.orig_h", "10.0.0.5").put("id.orig_p", 50000).put("id.resp_h", "10.0.0.1").put("id.resp_p", 53);
        ObjectNode event = JSON.createObjectNode().put("category", "bro").put("SOURCE", "bro_" + log).put("MESSAGE", line.toString());
        return custom(event.toString(), "bro");
    }

    private static ObjectNode squid(String url) throws Exception {
        ObjectNode event = JSON.createObjectNode().put("category", "proxy").put("source", "access").put("tags", "squid")
                .put("MESSAGE", "1765108800.187 524 192.168.97.135 58322 185.53.177.31 443 TCP_MISS 200 152 339 GET " + url + " http www.pastebin.com text/html");
        return custom(event.toString(), "squid");
    }

    private static ObjectNode syslog(String program, String message) throws Exception {
        return SigmaTool.asPosted(JSON.createObjectNode().put("category", "syslog").put("hostname", "web1").put("processname", program).put("summary", message),
                KEYS, CHAIN);
    }

    private static ObjectNode execve(String path, String command) throws Exception {
        ObjectNode event = JSON.createObjectNode().put("category", "execve").put("hostname", "web1").put("processname", "audisp-json")
                .put("summary", "Execve: " + command);
        event.putObject("details").put("auditkey", "exec").put("command", command).put("path", path).put("processname", path.substring(path.lastIndexOf('/') + 1))
                .put("parentprocess", "bash").put("user", "root").put("cwd", "/root");
        event.putArray("tags").add("audisp-json").add("audit");
        return SigmaTool.asPosted(event, KEYS, CHAIN);
    }

    /** A Cloud Audit Log entry from Pub/Sub, as the stackdriver plugins lay it out. */
    private static ObjectNode gcp(String method) throws Exception {
        ObjectNode entry = JSON.createObjectNode().put("logName", "projects/p1/logs/cloudaudit.googleapis.com%2Factivity").put("timestamp", "2026-12-07T10:00:00Z")
                .put("receiveTimestamp", "2026-12-07T10:00:01Z");
        ObjectNode payload = entry.putObject("protoPayload").put("@type", "type.googleapis.com/google.cloud.audit.AuditLog").put("methodName", method)
                .put("serviceName", "compute.googleapis.com").put("resourceName", "projects/p1/regions/eu/vpnTunnels/t1");
        payload.putObject("authenticationInfo").put("principalEmail", "mallory@example.com");
        entry.putObject("resource").put("type", "vpn_tunnel").putObject("labels").put("project_id", "p1");
        ObjectNode event = JSON.createObjectNode().put("category", "activity").put("source", "stackdriver").put("receivedtimestamp", "2026-12-07T10:00:02+00:00");
        event.putArray("tags").add("pubsub").add("stackdriver");
        event.set("details", entry);
        return custom(event.toString(), "stackdriver");
    }

    /** The prefilter that streaming detection selects rules with finds, on every regression event, what trying every rule finds. */
    @Test
    public void thePrefilterFindsWhatTryingEveryRuleFinds() throws Exception {
        RuleSet rules = RuleSet.load(CORPUS.resolve("rules"));
        FieldMapping windows = FieldMapping.builtIn("windows");
        List<SigmaRule> running = rules.loaded().stream().filter(loaded -> loaded.state().equals("runs") && loaded.mapping().equals(windows.name()))
                .map(RuleSet.Loaded::rule).toList();
        assertTrue(running.size() > 1000);
        KeyMapping keys = new KeyMapping("vigil-test", Clock.systemUTC());
        PluginChain chain = new StandardPlugins().chain(List.of());
        int events = 0;
        int matches = 0;
        try (Stream<Path> files = Files.walk(CORPUS.resolve("regression_data"))) {
            for (Path sample : files.filter(file -> file.toString().endsWith(".json")).toList()) {
                try (MappingIterator<JsonNode> iterator = JSON.readerFor(JsonNode.class).readValues(sample.toFile())) {
                    while (iterator.hasNext()) {
                        ObjectNode event = SigmaTool.asPosted(iterator.next(), keys, chain);
                        EventFields fields = windows.fields(event);
                        Set<String> everyRule = running.stream().filter(rule -> windows.isFor(fields) && windows.matches(rule, fields)).map(SigmaRule::file)
                                .collect(Collectors.toSet());
                        Set<String> prefiltered = rules.matching(event).stream().map(SigmaRule::file).collect(Collectors.toSet());
                        assertEquals(sample.toString(), everyRule, prefiltered);
                        events++;
                        matches += prefiltered.size();
                    }
                }
            }
        }
        assertTrue(events > 100);
        assertTrue(matches >= events);
    }
}
