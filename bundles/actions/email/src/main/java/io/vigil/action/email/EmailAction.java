package io.vigil.action.email;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.api.alert.Alert;
import io.vigil.api.alert.AlertAction;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * An alert as an e-mail, one instance per factory configuration ({@code etc/io.vigil.action.email-<name>.cfg}; the
 * distribution installs {@code -default}): sent over SMTP with STARTTLS required (port 587), implicit TLS (465) or,
 * for a relay on the same host, none; TLS 1.2 or later and the server's certificate checked against the JVM's trusted
 * authorities or the configured truststore, its name against the host. The subject is a template with the
 * webhook's {@code {placeholders}}; the body is the alert for people: summary, severity, category, rule, time, the
 * alert's id, its events, its runbook and its details. A refused or failed delivery fails the attempt (the dispatcher
 * retries, then records it failed).
 */
@Component(name = "io.vigil.action.email", service = AlertAction.class, configurationPid = "io.vigil.action.email",
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = AlertAction.NAME + "=email")
@Designate(ocd = EmailAction.Config.class)
public class EmailAction implements AlertAction {

    @ObjectClassDefinition(name = "Vigil action email", description = "Alerts as e-mails over SMTP")
    public @interface Config {
        @AttributeDefinition(description = "SMTP server; empty: not configured (every attempt fails, saying so)")
        String host() default "";

        @AttributeDefinition(description = "SMTP port; 0: 587 for starttls, 465 for tls, 25 for none")
        int port() default 0;

        @AttributeDefinition(description = "starttls (required, not opportunistic), tls (implicit, SMTPS) or none")
        String security() default "starttls";

        @AttributeDefinition(description = "SMTP user (none: no authentication)")
        String user() default "";

        @AttributeDefinition(description = "SMTP password", type = AttributeType.PASSWORD)
        String password() default "";

        @AttributeDefinition(description = "Sender address")
        String from() default "vigil@localhost";

        @AttributeDefinition(description = "Recipients, comma-separated")
        String to() default "";

        @AttributeDefinition(description = "Subject, with {placeholders}")
        String subject() default "[Vigil] [{severity}] {summary}";

        @AttributeDefinition(description = "PKCS12 truststore of the authorities the server's certificate may come from; empty: the JVM's")
        String truststore() default "";

        @AttributeDefinition(description = "Password of the truststore", type = AttributeType.PASSWORD)
        String truststorePassword() default "";

        @AttributeDefinition(description = "Seconds connecting, and each read or write, may take")
        int timeoutSeconds() default 10;
    }

    private static final UnaryOperator<String> AS_IS = text -> text;

    private final String host;
    private final String security;
    private final int port;
    private final String user;
    private final String password;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final String subject;
    private final SSLContext tls;
    private final int timeoutMillis;

    @Activate
    public EmailAction(Config config) throws IOException, GeneralSecurityException, MessagingException {
        this.host = config.host().trim();
        this.security = config.security().trim().toLowerCase(Locale.ROOT);
        if (!List.of("starttls", "tls", "none").contains(security)) {
            throw new IllegalArgumentException("security is starttls, tls or none, not " + config.security());
        }
        this.port = config.port() > 0 ? config.port() : switch (security) {
            case "tls" -> 465;
            case "none" -> 25;
            default -> 587;
        };
        this.user = config.user().trim();
        this.password = config.password();
        this.from = new InternetAddress(config.from().trim(), true);
        this.to = InternetAddress.parse(config.to(), true);
        if (to.length == 0 && !host.isEmpty()) {
            throw new IllegalArgumentException("no recipient (to) for the SMTP server " + host);
        }
        this.subject = config.subject();
        this.tls = config.truststore().isBlank() ? null : context(Path.of(config.truststore().trim()), config.truststorePassword());
        this.timeoutMillis = Math.max(1, config.timeoutSeconds()) * 1000;
    }

    @Override
    public void execute(Alert alert) throws MessagingException {
        if (host.isEmpty()) {
            throw new MessagingException("no host in its etc/io.vigil.action.email*.cfg");
        }
        String protocol = security.equals("tls") ? "smtps" : "smtp";
        Session session = Session.getInstance(properties(protocol));
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(alert.fill(subject, AS_IS).replaceAll("[\\r\\n]+", " "), StandardCharsets.UTF_8.name());
        message.setText(body(alert), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        if (alert.id() != null) {
            message.setHeader("X-Vigil-Alert", alert.id());
        }
        try (Transport transport = session.getTransport(protocol)) {
            transport.connect(host, port, user.isEmpty() ? null : user, user.isEmpty() ? null : password);
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    private Properties properties(String protocol) {
        String prefix = "mail." + protocol + ".";
        Properties properties = new Properties();
        properties.put(prefix + "connectiontimeout", timeoutMillis);
        properties.put(prefix + "timeout", timeoutMillis);
        properties.put(prefix + "writetimeout", timeoutMillis);
        properties.put(prefix + "auth", !user.isEmpty());
        if (security.equals("starttls")) {
            properties.put(prefix + "starttls.enable", true);
            properties.put(prefix + "starttls.required", true);
        }
        if (!security.equals("none")) {
            properties.put(prefix + "ssl.checkserveridentity", true);
            properties.put(prefix + "ssl.protocols", "TLSv1.3 TLSv1.2");
            if (tls != null) {
                properties.put(prefix + "ssl.socketFactory", tls.getSocketFactory());
            }
        }
        return properties;
    }

    static String body(Alert alert) {
        JsonNode source = alert.document();
        StringBuilder body = new StringBuilder(source.path("summary").asText()).append("\n\n");
        line(body, "Severity", source.path("severity").asText());
        line(body, "Category", source.path("category").asText());
        line(body, "Rule", source.path("classname").asText());
        line(body, "Time", source.path("utctimestamp").asText());
        line(body, "Alert", alert.id() == null ? "" : alert.id() + " in " + alert.index());
        line(body, "Events", source.path("events").size() + "");
        line(body, "Runbook", source.path("url").asText());
        long folded = source.path("details").path("folded").asLong(0);
        if (folded > 0) {
            line(body, "Held back", folded + " more alerts of this rule since the last notification");
        }
        if (source.path("details").size() > 0) {
            body.append("\nDetails:\n").append(source.path("details").toPrettyString()).append('\n');
        }
        return body.toString();
    }

    private static void line(StringBuilder body, String name, String value) {
        if (!value.isEmpty()) {
            body.append(name).append(": ").append(value).append('\n');
        }
    }

    private static SSLContext context(Path truststore, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore)) {
            store.load(in, password.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
