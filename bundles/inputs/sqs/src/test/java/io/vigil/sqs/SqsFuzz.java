package io.vigil.sqs;

import static io.vigil.support.fuzz.FuzzSettings.quickly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.vigil.support.BadRequestException;
import io.vigil.support.fuzz.Fuzz;
import io.vigil.support.fuzz.FuzzJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What a queue hands over, fuzzed: plain events, SNS notifications (text or JSON inside), S3 notifications,
 * GuardDuty findings, CloudTrail files — each read, or refused with 400, never another exception.
 */
@Fuzz
class SqsFuzz {

    private static final List<String> KEYS = List.of("Type", "Message", "Records", "s3", "bucket", "name", "object", "key", "detail", "detail-type",
            "source", "finding", "service", "eventName", "eventSource", "eventTime", "eventReadOnly", "readOnly", "sourceIPAddress", "updatedAt",
            "summary", "tags", "details", "utctimestamp", "timestamp", "severity", "category", "hostname", "processname", "processid", "fields",
            "payload", "message", "time", "title", "type", "userIdentity", "awsRegion");
    private final SqsMessages messages = new SqsMessages("taskexchange", "vigil.test", Clock.fixed(Instant.parse("2026-12-08T00:00:00Z"), ZoneOffset.UTC));

    @Property
    void everyBodyIsReadOrRefused(@ForAll("bodies") String body) throws Exception {
        try {
            SqsMessages.Contents contents = quickly(() -> messages.read(body));
            assertFalse(contents.raw().isEmpty() && contents.normalised().isEmpty() && contents.cloudtrailFiles().isEmpty());
        } catch (BadRequestException refused) {
            assertEquals(400, refused.status(), refused.getMessage());
        }
    }

    @Property
    void everyCloudTrailFileIsReadOrRefused(@ForAll("cloudtrail") byte[] file) throws Exception {
        try {
            quickly(() -> messages.cloudtrail(file)).forEach(event -> assertEquals("cloudtrail", event.path("source").asText(), event.toString()));
        } catch (BadRequestException refused) {
            assertEquals(400, refused.status(), refused.getMessage());
        }
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<JsonNode> json = FuzzJson.values(3, KEYS);
        Arbitrary<String> sns = json.map(inner -> "{\"Type\":\"Notification\",\"Message\":" + quoted(inner.toString()) + "}");
        return Arbitraries.oneOf(json.map(JsonNode::toString), sns,
                json.map(value -> Base64.getEncoder().encodeToString(value.toString().getBytes(StandardCharsets.UTF_8))), Arbitraries.strings().ofMaxLength(100));
    }

    @Provide
    Arbitrary<byte[]> cloudtrail() {
        return Arbitraries.oneOf(FuzzJson.values(4, KEYS).map(records -> ("{\"Records\":" + records + "}").getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(512));
    }

    private static String quoted(String text) {
        return TextNode.valueOf(text).toString();
    }
}
