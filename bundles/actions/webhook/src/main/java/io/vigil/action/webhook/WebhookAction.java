package io.vigil.action.webhook;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.alert.Alert;
import io.vigil.api.alert.AlertAction;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * An alert as an HTTP request, one instance per factory configuration ({@code etc/io.vigil.action.webhook-<name>.cfg};
 * the distribution installs {@code -default}; Felix SCR ignores a singleton configuration once factory ones exist): {@code format} {@code alert} posts {@code template} with
 * {@code {field}} placeholders filled from the alert (JSON-escaped; {@code {id}}, {@code {index}}, {@code {folded}},
 * any field of the alert document such as {@code {summary}} or {@code {details.sourceipaddress}}), or without a
 * template the whole {@code {_id, _index, _source}}; {@code slack}, {@code teams} and {@code pagerduty} post what
 * those services take (PagerDuty Events API v2 with {@code routingKey}). The URL may hold placeholders too
 * (URL-encoded), and {@code method} may be PUT: a generic "call this API" action. With a secret, the header
 * {@code X-Vigil-Signature: sha256=<hex HMAC-SHA256 of the body>} lets the receiver check it came from Vigil. A
 * non-2xx answer fails the attempt (the dispatcher retries, then records it failed).
 */
@Component(name = "io.vigil.action.webhook", service = AlertAction.class, configurationPid = "io.vigil.action.webhook",
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = AlertAction.NAME + "=webhook")
@Designate(ocd = WebhookAction.Config.class)
public class WebhookAction implements AlertAction {

    @ObjectClassDefinition(name = "Vigil action webhook", description = "Alerts as signed JSON POSTs")
    public @interface Config {
        @AttributeDefinition(description = "URL the alerts are sent to; {placeholders} are filled, URL-encoded")
        String url() default "";

        @AttributeDefinition(description = "Body: alert (the template, or the whole alert), slack, teams or pagerduty")
        String format() default "alert";

        @AttributeDefinition(description = "PagerDuty integration (routing) key, for format pagerduty")
        String routingKey() default "";

        @AttributeDefinition(description = "HTTP method: POST or PUT")
        String method() default "POST";

        @AttributeDefinition(description = "HMAC-SHA256 key of the X-Vigil-Signature header (none: unsigned)")
        String secret() default "";

        @AttributeDefinition(description = "JSON body with {placeholders}; empty: the whole alert")
        String template() default "";

        @AttributeDefinition(description = "Seconds a POST may take")
        int timeoutSeconds() default 10;
    }

    /** The signature header: what GitHub's webhooks call X-Hub-Signature-256, with Vigil's name. */
    public static final String SIGNATURE = "X-Vigil-Signature";

    private final String url;
    private final String format;
    private final String routingKey;
    private final String method;
    private final byte[] secret;
    private final String template;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Activate
    public WebhookAction(Config config) {
        this.url = config.url().isBlank() ? null : config.url().trim();
        this.format = config.format().trim().toLowerCase(Locale.ROOT);
        if (!List.of("alert", "slack", "teams", "pagerduty").contains(format)) {
            throw new IllegalArgumentException("format is alert, slack, teams or pagerduty, not " + config.format());
        }
        this.routingKey = config.routingKey().trim();
        if (format.equals("pagerduty") && routingKey.isEmpty() && url != null) {
            throw new IllegalArgumentException("format pagerduty needs a routingKey");
        }
        this.method = config.method().trim().toUpperCase(Locale.ROOT);
        if (!List.of("POST", "PUT").contains(method)) {
            throw new IllegalArgumentException("method is POST or PUT, not " + config.method());
        }
        this.secret = config.secret().getBytes(StandardCharsets.UTF_8);
        this.template = config.template().trim();
        this.timeout = Duration.ofSeconds(Math.max(1, config.timeoutSeconds()));
    }

    @Override
    public void execute(Alert alert) throws IOException, InterruptedException, GeneralSecurityException {
        if (url == null) {
            throw new IOException("no url in its etc/io.vigil.action.webhook*.cfg");
        }
        String body = body(alert);
        URI target = URI.create(alert.fill(url, value -> URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (secret.length > 0) {
            request.header(SIGNATURE, signature(secret, body));
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IOException(target.getHost() + " answered " + answer.statusCode());
        }
    }

    String body(Alert alert) {
        switch (format) {
            case "slack":
                return Formats.slack(alert).toString();
            case "teams":
                return Formats.teams(alert).toString();
            case "pagerduty":
                return Formats.pagerduty(alert, routingKey).toString();
            default:
                if (template.isEmpty()) {
                    ObjectNode whole = JsonNodeFactory.instance.objectNode().put("_id", alert.id()).put("_index", alert.index());
                    whole.set("_source", alert.document());
                    return whole.toString();
                }
                return alert.fill(template, WebhookAction::escaped);
        }
    }

    /** Text as it goes between the quotes of a JSON string. */
    private static String escaped(String text) {
        String quoted = JsonNodeFactory.instance.textNode(text).toString();
        return quoted.substring(1, quoted.length() - 1);
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} under {@code secret}. */
    public static String signature(byte[] secret, String body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
