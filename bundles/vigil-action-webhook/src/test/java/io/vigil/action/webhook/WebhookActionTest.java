package io.vigil.action.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.alert.Alert;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookActionTest {

    private static WebhookAction.Config config(String template) {
        return new WebhookAction.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return WebhookAction.Config.class;
            }

            @Override
            public String url() {
                return "http://127.0.0.1:9/hook";
            }

            @Override
            public String secret() {
                return "s3cret";
            }

            @Override
            public String template() {
                return template;
            }

            @Override
            public int timeoutSeconds() {
                return 1;
            }
        };
    }

    private static Alert alert(ObjectNode document) {
        return new Alert() {
            @Override
            public ObjectNode document() {
                return document;
            }

            @Override
            public String id() {
                return "abc";
            }

            @Override
            public String index() {
                return "alerts-202612";
            }
        };
    }

    @Test
    void aTemplateIsFilledWithEscapedAlertFields() {
        ObjectNode document = new ObjectMapper().createObjectNode().put("summary", "say \"hi\"").put("severity", "WARNING");
        document.putObject("details").put("sourceipaddress", "10.1.2.3");
        WebhookAction action = new WebhookAction(config("{\"text\":\"{severity}: {summary} from {details.sourceipaddress}\",\"id\":\"{id}\",\"more\":{folded}}"));
        assertEquals("{\"text\":\"WARNING: say \\\"hi\\\" from 10.1.2.3\",\"id\":\"abc\",\"more\":0}", action.body(alert(document)));
        assertEquals("{\"_id\":\"abc\",\"_index\":\"alerts-202612\",\"_source\":{\"summary\":\"say \\\"hi\\\"\",\"severity\":\"WARNING\","
                + "\"details\":{\"sourceipaddress\":\"10.1.2.3\"}}}", new WebhookAction(config("")).body(alert(document)));
    }

    @Test
    void theSignatureIsTheHexHmacSha256OfTheBody() throws Exception {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                WebhookAction.signature("Jefe".getBytes(StandardCharsets.UTF_8), "what do ya want for nothing?"));
    }
}
