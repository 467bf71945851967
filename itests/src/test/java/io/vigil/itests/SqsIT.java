package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQS input against the test services' ElasticMQ ({@code -Dvigil.sqs.url}) and S3Proxy ({@code -Dvigil.s3.url}, its
 * buckets the folders of {@code -Dvigil.s3.dir}), which {@code ./vigil test} starts and passes, holding CloudTrail files: every body form lands, a message is deleted
 * only once indexed, and nothing is lost when the container is killed or Elasticsearch stops. This instance runs its
 * own Elasticsearch, since the test stops it, and its own queue.
 */
public class SqsIT {

    private static final Logger LOG = LoggerFactory.getLogger(SqsIT.class);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String NAME = "vigil-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Pattern MESSAGE_ID = Pattern.compile("<MessageId>([^<]+)</MessageId>");
    private static final Pattern QUEUE_URL = Pattern.compile("<QueueUrl>([^<]+)</QueueUrl>");
    private static final Pattern ATTRIBUTE = Pattern.compile("<Name>(\\w+)</Name>\\s*<Value>(\\d+)</Value>");
    private static String sqs;
    private static String queueUrl;
    private static Path buckets;
    private static VigilInstance vigil;

    private static Elasticsearch es() {
        return new Elasticsearch(vigil.esUrl());
    }

    private final String marker = "m" + UUID.randomUUID().toString().replace("-", "");

    @BeforeClass
    public static void start() throws Exception {
        sqs = System.getProperty("vigil.sqs.url", "http://127.0.0.1:9344");
        Matcher url = QUEUE_URL.matcher(call("Action=CreateQueue&QueueName=" + NAME));
        assertTrue("ElasticMQ gave no queue URL", url.find());
        queueUrl = url.group(1);

        buckets = Path.of(System.getProperty("vigil.s3.dir", "../var/test/s3"));
        Files.createDirectories(buckets.resolve("cloudtrail"));

        vigil = new VigilInstance("sqs");
        vigil.environment.put("VIGIL_SQS_ENABLED", "true");
        vigil.environment.put("VIGIL_SQS_QUEUE", NAME);
        vigil.environment.put("VIGIL_SQS_QUEUE_URL", queueUrl);
        vigil.environment.put("VIGIL_SQS_OVERRIDE_ENDPOINT", "true");
        vigil.environment.put("VIGIL_SQS_ENDPOINT", sqs);
        vigil.environment.put("VIGIL_SQS_DEFAULT_CREDENTIALS", "false");
        vigil.environment.put("VIGIL_SQS_ACCESS_KEY", "vigil");
        vigil.environment.put("VIGIL_SQS_SECRET_KEY", "vigil-secret");
        vigil.environment.put("VIGIL_SQS_S3_ENDPOINT", System.getProperty("vigil.s3.url", "http://127.0.0.1:9345"));
        vigil.environment.put("VIGIL_SQS_S3_BUCKETS", "cloudtrail");
        // Short, so a message whose consumer was killed comes back soon.
        vigil.environment.put("VIGIL_SQS_VISIBILITY_TIMEOUT", "15");
        // SigmaHQ's rule for a deleted S3 bucket, as a user would copy it into the rules folder.
        Path sigma = Files.createDirectories(Path.of("target/sqs-it-sigma").toAbsolutePath());
        Files.copy(SigmaConformanceTest.CORPUS.resolve("rules/cloud/aws/cloudtrail/aws_cloudtrail_bucket_deleted.yml"),
                sigma.resolve("aws_cloudtrail_bucket_deleted.yml"), StandardCopyOption.REPLACE_EXISTING);
        vigil.environment.put("VIGIL_SIGMA_RULES_DIR", sigma.toString());
        vigil.start();
    }

    @AfterClass
    public static void stop() throws Exception {
        VigilInstance.stop(vigil);
        if (queueUrl != null) {
            call("Action=DeleteQueue&QueueUrl=" + encode(queueUrl));
        }
    }

    @Test
    public void everyBodyFormLandsAndTheQueueDrains() throws Exception {
        String plain = send("{\"summary\":\"plain " + marker + "\",\"hostname\":\"web1\"}");
        send(Base64.getEncoder().encodeToString(("{\"summary\":\"base64 " + marker + "\"}").getBytes(StandardCharsets.UTF_8)));
        send(JSON.createObjectNode().put("Type", "Notification").put("TopicArn", "arn:aws:sns:us-west-2:1:logs")
                .put("Message", "{\"hostname\":\"sns-host\",\"pname\":\"dhclient\",\"processid\":\"[42]\",\"type\":\"syslog\",\"payload\":\" sns "
                        + marker + "\"}").toString());
        send("{\"source\":\"aws.guardduty\",\"detail-type\":\"GuardDuty Finding\",\"detail\":{\"id\":\"" + marker + "\",\"type\":"
                + "\"UnauthorizedAccess:IAMUser/TorIPCaller\",\"title\":\"API called from Tor " + marker + "\",\"updatedAt\":\"2020-01-01T00:00:00Z\","
                + "\"resource\":{\"resourceType\":\"AccessKey\"},\"service\":{\"resourceRole\":\"TARGET\",\"action\":{\"actionType\":\"AWS_API_CALL\","
                + "\"awsApiCallAction\":{\"remoteIpDetails\":{\"ipAddressV4\":\"198.51.100.9\"}}}}}}");
        String key = "AWSLogs/1/CloudTrail/us-west-2/" + marker + ".json.gz";
        Path file = buckets.resolve("cloudtrail").resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, gzip("{\"Records\":[{\"eventTime\":\"2020-01-01T00:00:00Z\",\"eventName\":"
                + "\"DescribeInstances\",\"eventSource\":\"ec2.amazonaws.com\",\"sourceIPAddress\":\"1.2.3.4\",\"userAgent\":\"" + marker + "\"},"
                + "{\"eventTime\":\"2020-01-01T00:00:01Z\",\"eventName\":\"TerminateInstances\",\"eventSource\":\"ec2.amazonaws.com\","
                + "\"sourceIPAddress\":\"1.2.3.4\",\"userAgent\":\"" + marker + "\"}]}"));
        send("{\"Records\":[{\"eventSource\":\"aws:s3\",\"s3\":{\"bucket\":{\"name\":\"cloudtrail\"},\"object\":{\"key\":\"" + key + "\"}}}]}");
        send("neither json nor base64 " + marker);
        // A bucket the configuration does not name is never read: the notification is dead-lettered, saying so.
        send("{\"Records\":[{\"eventSource\":\"aws:s3\",\"s3\":{\"bucket\":{\"name\":\"elsewhere-" + marker + "\"},\"object\":{\"key\":\"" + key + "\"}}}]}");

        assertEquals("web1", only("summary:\"plain " + marker + "\"").path("hostname").asText());
        assertTrue(only("summary:\"plain " + marker + "\"").path("tags").toString().contains(NAME));
        only("summary:\"base64 " + marker + "\"");
        JsonNode sns = only("summary:\"sns " + marker + "\"");
        assertEquals("sns-host", sns.path("hostname").asText());
        assertEquals("42", sns.path("processid").asText());
        assertEquals("syslog", sns.path("category").asText());
        JsonNode finding = only("details.findingid:" + marker);
        assertEquals("guardduty", finding.path("category").asText());
        assertEquals("198.51.100.9", finding.at("/details/sourceipaddress").asText());
        JsonNode records = es().search("events-2*", "details.useragent:" + marker, 2);
        Set<String> summaries = new HashSet<>();
        records.forEach(hit -> summaries.add(hit.at("/_source/summary").asText()));
        assertEquals(Set.of("1.2.3.4 performed DescribeInstances in ec2.amazonaws.com", "1.2.3.4 performed TerminateInstances in ec2.amazonaws.com"),
                summaries);
        assertEquals("cloudtrail", records.get(0).at("/_source/source").asText());
        JsonNode letter = es().search("events-deadletter", "original:neither AND original:*" + marker + "*", 1).get(0).path("_source");
        assertEquals("unreadable_message", letter.path("error_type").asText());
        JsonNode elsewhere = es().search("events-deadletter", "original:elsewhere AND original:*" + marker + "*", 1).get(0).path("_source");
        assertEquals("S3 bucket 'elsewhere-" + marker + "' is not one the SQS input may read (s3Buckets in etc/io.vigil.sqs.cfg)",
                elsewhere.path("reason").asText(elsewhere.toString()));
        assertEquals(plain, es().event(plain).path("_id").asText());
        await().atMost(60, SECONDS).until(() -> inQueue() == 0);
    }

    /**
     * A CloudTrail file announced by S3's notification: its DeleteBucket record raises SigmaHQ's "AWS Bucket Deleted"
     * through the aws mapping; the failed deletion beside it does not.
     */
    @Test
    public void aCloudTrailRecordRaisesSigmaHqsRule() throws Exception {
        String key = "AWSLogs/1/CloudTrail/us-west-2/" + marker + "-sigma.json.gz";
        Path file = buckets.resolve("cloudtrail").resolve(key);
        Files.createDirectories(file.getParent());
        String record = "{\"eventTime\":\"2026-12-07T10:00:0%dZ\",\"eventName\":\"DeleteBucket\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"sourceIPAddress\":\"198.51.100.7\",\"userAgent\":\"%s\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"mallory\"},"
                + "\"requestParameters\":{\"bucketName\":\"backups\"}%s}";
        Files.write(file, gzip("{\"Records\":[" + record.formatted(0, marker + "-gone", "") + ","
                + record.formatted(1, marker + "-kept", ",\"errorCode\":\"AccessDenied\"") + "]}"));
        send("{\"Records\":[{\"eventSource\":\"aws:s3\",\"s3\":{\"bucket\":{\"name\":\"cloudtrail\"},\"object\":{\"key\":\"" + key + "\"}}}]}");
        String gone = es().search("events-2*", "details.useragent:\"" + marker + "-gone\"", 1).get(0).path("_id").asText();
        String kept = es().search("events-2*", "details.useragent:\"" + marker + "-kept\"", 1).get(0).path("_id").asText();
        String rule = "details.sigma.id:\"39c9f26d-6e3b-4dbb-9c7a-4154b0281112\" AND events.documentid:";
        // quoted: the ids SQS records get hold the S3 key, whose slashes a query string reads as a regular expression
        JsonNode alert = es().search("alerts", rule + "\"" + gone + "\"", 1).get(0).path("_source");
        assertEquals("AWS Bucket Deleted", alert.at("/details/sigma/title").asText());
        await().during(3, SECONDS).atMost(10, SECONDS).until(() -> es().search("alerts", rule + "\"" + kept + "\"", 0).size() == 0);
    }

    @Test
    public void nothingIsLostWhenTheContainerIsKilledOrElasticsearchStops() throws Exception {
        int messages = 600;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < messages / 3; i++) {
            ids.add(send("{\"summary\":\"" + marker + "\",\"details\":{\"seq\":" + i + "}}"));
        }
        await().atMost(60, SECONDS).until(() -> es().countSummary(marker) >= 20);
        long pid = JSON.readTree(vigil.vigil("status", "--json").out()).at("/karaf/pid").asLong();
        new ProcessBuilder("kill", "-KILL", "--", "-" + pid).inheritIO().start().waitFor();
        await().atMost(30, SECONDS).until(() -> ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true));
        for (int i = messages / 3; i < 2 * messages / 3; i++) {
            ids.add(send("{\"summary\":\"" + marker + "\",\"details\":{\"seq\":" + i + "}}"));
        }
        VigilInstance.Result run = vigil.vigil("run");
        assertEquals(run.out(), 0, run.exit());
        assertEquals(0, vigil.vigil("services", "stop", "elasticsearch").exit());
        for (int i = 2 * messages / 3; i < messages; i++) {
            ids.add(send("{\"summary\":\"" + marker + "\",\"details\":{\"seq\":" + i + "}}"));
        }
        VigilInstance.Result restart = vigil.vigil("services", "start", "elasticsearch");
        assertEquals(restart.out(), 0, restart.exit());

        await().atMost(240, SECONDS).until(() -> es().countSummary(marker) == messages);
        await().atMost(60, SECONDS).until(() -> inQueue() == 0);
        Set<String> indexed = new HashSet<>();
        es().search("events-2*", "summary:" + marker, messages).forEach(hit -> indexed.add(hit.path("_id").asText()));
        assertEquals(ids, indexed);
    }

    @Test
    public void ingestRate() throws Exception {
        int messages = 5000;
        int batches = messages / 10;
        long started = System.nanoTime();
        // Sent from several threads, so the figure is the input's and not this client's.
        IntStream.range(0, batches).parallel().forEach(b -> {
            StringBuilder batch = new StringBuilder("Action=SendMessageBatch&QueueUrl=").append(encode(queueUrl));
            for (int j = 0; j < 10; j++) {
                batch.append("&SendMessageBatchRequestEntry.").append(j + 1).append(".Id=e").append(j)
                        .append("&SendMessageBatchRequestEntry.").append(j + 1).append(".MessageBody=")
                        .append(encode("{\"summary\":\"" + marker + "\",\"processname\":\"sshd\",\"details\":{\"seq\":" + (b * 10 + j) + "}}"));
            }
            try {
                call(batch.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        double sent = (System.nanoTime() - started) / 1e9;
        await().atMost(300, SECONDS).until(() -> es().countSummary(marker) == messages);
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info(String.format("SQS ingest: %d single-event messages (sent in %.1f s) indexed in %.1f s: %.0f events/s", messages, sent, seconds,
                messages / seconds));
    }

    private static String send(String body) throws Exception {
        Matcher id = MESSAGE_ID.matcher(call("Action=SendMessage&QueueUrl=" + encode(queueUrl) + "&MessageBody=" + encode(body)));
        assertTrue(id.find());
        return id.group(1);
    }

    private static long inQueue() throws Exception {
        String answer = call("Action=GetQueueAttributes&QueueUrl=" + encode(queueUrl) + "&AttributeName.1=All");
        long total = 0;
        Matcher attribute = ATTRIBUTE.matcher(answer);
        while (attribute.find()) {
            if (attribute.group(1).equals("ApproximateNumberOfMessages") || attribute.group(1).equals("ApproximateNumberOfMessagesNotVisible")) {
                total += Long.parseLong(attribute.group(2));
            }
        }
        return total;
    }

    private static String call(String form) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(sqs)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(answer.body(), 200, answer.statusCode());
        return answer.body();
    }



    private static JsonNode only(String query) throws Exception {
        return es().search("events-2*", query, 1).get(0).path("_source");
    }


    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
