package io.vigil.action.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vigil.api.alert.Alert;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against GreenMail, a real SMTP server: plain SMTP, and SMTPS with a certificate for 127.0.0.1 that the action
 * trusts only when its truststore says so.
 */
class EmailActionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path keys;
    private static Path truststore;
    private static GreenMail mail;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = keys.resolve("server.p12");
        keytool("-genkeypair", "-alias", "smtp", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "smtp", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-file", keys.resolve("server.crt").toString());
        truststore = keys.resolve("trust.p12");
        keytool("-importcert", "-noprompt", "-alias", "smtp", "-file", keys.resolve("server.crt").toString(), "-keystore", truststore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        // GreenMail reads its TLS key from these when it first opens a TLS port.
        System.setProperty("greenmail.tls.keystore.file", keystore.toString());
        System.setProperty("greenmail.tls.keystore.password", PASSWORD);
        System.setProperty("greenmail.tls.key.password", PASSWORD);
        mail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)});
        mail.start();
    }

    @AfterAll
    static void stop() {
        if (mail != null) {
            mail.stop();
        }
    }

    @Test
    void sendsTheAlertOverPlainSmtpWithItsSubjectTemplateFilled() throws Exception {
        mail.reset();
        EmailAction action = new EmailAction(config(Map.of("host", "127.0.0.1", "port", mail.getSmtp().getPort(), "security", "none",
                "to", "soc@example.org, oncall@example.org", "from", "vigil@example.org")));
        action.execute(alert());
        MimeMessage[] received = mail.getReceivedMessages();
        assertEquals(2, received.length, "one copy per recipient");
        MimeMessage message = received[0];
        assertEquals("[Vigil] [WARNING] 7 failures from 10.1.2.3", message.getSubject());
        assertEquals("vigil@example.org", message.getFrom()[0].toString());
        assertEquals("alert-1", message.getHeader("X-Vigil-Alert")[0]);
        String body = ((String) message.getContent()).replace("\r\n", "\n");
        assertTrue(body.startsWith("7 failures from 10.1.2.3\n\nSeverity: WARNING\nCategory: bruteforce\nRule: Bruteforce\n"), body);
        assertTrue(body.contains("Alert: alert-1 in alerts-202612\nEvents: 2\nRunbook: https://wiki.example.org/bruteforce\n"), body);
        assertTrue(body.contains("Held back: 4 more alerts of this rule since the last notification"), body);
        assertTrue(body.contains("\"sourceipaddress\" : \"10.1.2.3\""), body);
    }

    @Test
    void sendsOverTlsToAServerItsTruststoreVouchesFor() throws Exception {
        mail.reset();
        EmailAction action = new EmailAction(config(Map.of("host", "127.0.0.1", "port", mail.getSmtps().getPort(), "security", "tls",
                "to", "soc@example.org", "truststore", truststore.toString(), "truststorePassword", PASSWORD)));
        action.execute(alert());
        assertEquals(1, mail.getReceivedMessages().length);
    }

    @Test
    void refusesATlsServerWhoseCertificateNoTrustedAuthoritySigned() throws Exception {
        mail.reset();
        EmailAction action = new EmailAction(config(Map.of("host", "127.0.0.1", "port", mail.getSmtps().getPort(), "security", "tls",
                "to", "soc@example.org")));
        MessagingException refused = assertThrows(MessagingException.class, () -> action.execute(alert()));
        assertTrue(String.valueOf(refused.getCause()).contains("PKIX"), String.valueOf(refused.getCause()));
        assertEquals(0, mail.getReceivedMessages().length);
    }

    @Test
    void requiresStartTlsWhereItIsAsked() throws Exception {
        mail.reset();
        // GreenMail's plain SMTP port offers no STARTTLS, as a downgrading attacker would not: nothing goes in clear.
        EmailAction action = new EmailAction(config(Map.of("host", "127.0.0.1", "port", mail.getSmtp().getPort(), "to", "soc@example.org")));
        assertThrows(MessagingException.class, () -> action.execute(alert()));
        assertEquals(0, mail.getReceivedMessages().length);
    }

    @Test
    void saysWhatIsMissingOrWrong() throws Exception {
        EmailAction unconfigured = new EmailAction(config(Map.of()));
        MessagingException missing = assertThrows(MessagingException.class, () -> unconfigured.execute(alert()));
        assertEquals("no host in its etc/io.vigil.action.email*.cfg", missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EmailAction(config(Map.of("host", "smtp.example.org"))));
        assertThrows(IllegalArgumentException.class, () -> new EmailAction(config(Map.of("security", "ssl"))));
    }

    private static Alert alert() throws Exception {
        ObjectNode document = (ObjectNode) JSON.readTree("""
                {"summary":"7 failures from 10.1.2.3","severity":"WARNING","category":"bruteforce","classname":"Bruteforce",
                 "utctimestamp":"2026-12-01T10:00:00+00:00","url":"https://wiki.example.org/bruteforce",
                 "events":[{"documentid":"a"},{"documentid":"b"}],"details":{"sourceipaddress":"10.1.2.3","folded":4}}""");
        return new Alert() {
            @Override
            public ObjectNode document() {
                return document;
            }

            @Override
            public String id() {
                return "alert-1";
            }

            @Override
            public String index() {
                return "alerts-202612";
            }
        };
    }

    /** The configuration with {@code values} and the annotation's defaults for the rest. */
    private static EmailAction.Config config(Map<String, Object> values) {
        return (EmailAction.Config) Proxy.newProxyInstance(EmailAction.Config.class.getClassLoader(), new Class<?>[] {EmailAction.Config.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0 || !Files.exists(keys)) {
            throw new IllegalStateException("keytool " + arguments[0] + ": " + output);
        }
    }
}
