package io.vigil.action.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.alert.Alert;
import io.vigil.api.alert.AlertAction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * An alert as a JSON POST to a URL: the body is {@code template} with {@code {field}} placeholders filled from the
 * alert (JSON-escaped; {@code {id}}, {@code {index}}, {@code {folded}}, any field of the alert document such as
 * {@code {summary}} or {@code {details.sourceipaddress}}), or, without a template, {@code {_id, _index, _source}}.
 * With a secret, the header {@code X-Vigil-Signature: sha256=<hex HMAC-SHA256 of the body>} lets the receiver check
 * it came from Vigil. A non-2xx answer fails the attempt (the dispatcher retries, then records it failed).
 */
@Component(name = "io.vigil.action.webhook", service = AlertAction.class, configurationPid = "io.vigil.action.webhook",
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = AlertAction.NAME + "=webhook")
@Designate(ocd = WebhookAction.Config.class)
public class WebhookAction implements AlertAction {

    @ObjectClassDefinition(name = "Vigil action webhook", description = "Alerts as signed JSON POSTs")
    public @interface Config {
        @AttributeDefinition(description = "URL the alerts are posted to")
        String url() default "";

        @AttributeDefinition(description = "HMAC-SHA256 key of the X-Vigil-Signature header (none: unsigned)")
        String secret() default "";

        @AttributeDefinition(description = "JSON body with {placeholders}; empty: the whole alert")
        String template() default "";

        @AttributeDefinition(description = "Seconds a POST may take")
        int timeoutSeconds() default 10;
    }

    /** The signature header: what GitHub's webhooks call X-Hub-Signature-256, with Vigil's name. */
    public static final String SIGNATURE = "X-Vigil-Signature";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.]+)}");

    private final URI url;
    private final byte[] secret;
    private final String template;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Activate
    public WebhookAction(Config config) {
        this.url = config.url().isBlank() ? null : URI.create(config.url().trim());
        this.secret = config.secret().getBytes(StandardCharsets.UTF_8);
        this.template = config.template().trim();
        this.timeout = Duration.ofSeconds(Math.max(1, config.timeoutSeconds()));
    }

    @Override
    public void execute(Alert alert) throws IOException, InterruptedException, GeneralSecurityException {
        if (url == null) {
            throw new IOException("no url in etc/io.vigil.action.webhook.cfg");
        }
        String body = body(alert);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret.length > 0) {
            request.header(SIGNATURE, signature(secret, body));
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IOException(url + " answered " + answer.statusCode());
        }
    }

    String body(Alert alert) {
        if (template.isEmpty()) {
            ObjectNode whole = JsonNodeFactory.instance.objectNode().put("_id", alert.id()).put("_index", alert.index());
            whole.set("_source", alert.document());
            return whole.toString();
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(escaped(value(alert, matcher.group(1)))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String value(Alert alert, String name) {
        switch (name) {
            case "id":
                return alert.id();
            case "index":
                return alert.index();
            case "folded":
                return alert.document().path("details").path("folded").asText("0");
            default:
                JsonNode node = alert.document();
                for (String part : name.split("\\.")) {
                    node = node.path(part);
                }
                return node.isValueNode() ? node.asText() : node.isMissingNode() ? "" : node.toString();
        }
    }

    /** Text as it goes between the quotes of a JSON string. */
    private static String escaped(String text) {
        String quoted = JsonNodeFactory.instance.textNode(text == null ? "" : text).toString();
        return quoted.substring(1, quoted.length() - 1);
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} under {@code secret}. */
    public static String signature(byte[] secret, String body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
