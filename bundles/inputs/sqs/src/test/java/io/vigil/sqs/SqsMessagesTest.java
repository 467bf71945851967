package io.vigil.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import io.vigil.support.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqsMessagesTest {

    private final SqsMessages messages = new SqsMessages("taskexchange", "vigil.test", Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC));

    @Test
    void plainAndBase64JsonAreEventsTaggedWithTheQueue() throws Exception {
        SqsMessages.Contents plain = messages.read("{\"summary\":\"a\",\"tags\":[\"x\"]}");
        assertEquals("[\"x\",\"taskexchange\"]", plain.raw().get(0).get("tags").toString());
        SqsMessages.Contents encoded = messages.read(Base64.getEncoder().encodeToString("[{\"summary\":\"b\"},{\"summary\":\"c\"}]".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, encoded.raw().size());
        assertEquals("[\"taskexchange\"]", encoded.raw().get(1).get("tags").toString());
    }

    @Test
    void anSnsNotificationWithTextIsItsSummary() throws Exception {
        SqsMessages.Contents contents = messages.read("{\"Type\":\"Notification\",\"Message\":\"just text\"}");
        assertEquals("just text", contents.normalised().get(0).get("summary").asText());
        assertEquals("INFO", contents.normalised().get(0).get("severity").asText());
    }

    @Test
    void anS3NotificationNamesItsFilesAlsoInsideSns() throws Exception {
        String notification = "{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k1\"}}},{\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k2\"}}}]}";
        assertEquals(List.of(new SqsMessages.S3Object("b", "k1"), new SqsMessages.S3Object("b", "k2")), messages.read(notification).cloudtrailFiles());
        String wrapped = "{\"Type\":\"Notification\",\"Message\":" + TextNode.valueOf(notification) + "}";
        assertEquals(2, messages.read(wrapped).cloudtrailFiles().size());
    }

    @Test
    void cloudtrailRecordsBecomeMozdefEvents() throws Exception {
        var events = messages.cloudtrail(("{\"Records\":[{\"eventTime\":\"2020-01-01T00:00:00Z\",\"eventName\":\"DescribeInstances\","
                + "\"eventSource\":\"ec2.amazonaws.com\",\"sourceIPAddress\":\"1.2.3.4\",\"awsRegion\":\"us-west-2\"}]}").getBytes(StandardCharsets.UTF_8));
        assertEquals(1, events.size());
        assertEquals("1.2.3.4 performed DescribeInstances in ec2.amazonaws.com", events.get(0).get("summary").asText());
        assertEquals("2020-01-01T00:00:00+00:00", events.get(0).get("utctimestamp").asText());
        assertEquals("us-west-2", events.get(0).at("/details/awsregion").asText());
        assertEquals("Describe", events.get(0).at("/details/eventVerb").asText());
        assertTrue(events.get(0).at("/details/eventReadOnly").asBoolean());
    }

    @Test
    void aGuardDutyFindingIsOneGuarddutyEvent() throws Exception {
        var event = messages.read("{\"source\":\"aws.guardduty\",\"detail\":{\"type\":\"Recon:EC2/Portscan\",\"title\":\"t\",\"service\":{\"x\":1}}}")
                .normalised().get(0);
        assertEquals("guardduty", event.get("source").asText());
        assertEquals("Recon:EC2/Portscan", event.at("/details/category").asText());
        assertEquals(1, event.at("/details/finding/x").asInt());
    }

    @Test
    void aBodyThatIsNoJsonIsRefusedWithTheReason() {
        BadRequestException refused = assertThrows(BadRequestException.class, () -> messages.read("hello there"));
        assertEquals("the message is neither JSON nor base64 of JSON", refused.getMessage());
        assertThrows(BadRequestException.class, () -> messages.read("42"));
    }
}
