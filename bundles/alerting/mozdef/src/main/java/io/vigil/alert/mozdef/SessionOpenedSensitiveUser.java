package io.vigil.alert.mozdef;

import static io.vigil.alert.mozdef.Queries.any;
import static io.vigil.alert.mozdef.Queries.bool;
import static io.vigil.alert.mozdef.Queries.leaf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.alert.AlertContext;
import io.vigil.api.alert.AlertRule;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * MozDef's alerts/session_opened_sensitive_user.py: an sshd session opened by a sensitive user outside the daily window
 * when such sessions are expected (a scan); a Java rule because the window is a time of day, which a query cannot say
 * without a script. Defaults are critical_users.json's (users user1 and user2, expected 03:05:00–04:10:00 UTC).
 */
@Component(name = "io.vigil.alert.mozdef.sessionopened", configurationPid = "io.vigil.alert.mozdef.sessionopened", service = AlertRule.class)
@Designate(ocd = SessionOpenedSensitiveUser.Config.class)
public class SessionOpenedSensitiveUser implements AlertRule {

    @ObjectClassDefinition(name = "Vigil rule session_opened_sensitive_user", description = "Sessions of sensitive users outside their window")
    public @interface Config {
        @AttributeDefinition(description = "The sensitive users")
        String[] users() default {"user1", "user2"};

        @AttributeDefinition(description = "Start of the daily window when their sessions are expected, UTC (HH:MM:SS)")
        String expectedFrom() default "03:05:00";

        @AttributeDefinition(description = "End of that window, UTC (HH:MM:SS)")
        String expectedTo() default "04:10:00";
    }

    private static final int SAMPLES = 10;

    private final List<String> users;
    private final LocalTime expectedFrom;
    private final LocalTime expectedTo;

    @Activate
    public SessionOpenedSensitiveUser(Config config) {
        this.users = List.of(config.users());
        this.expectedFrom = LocalTime.parse(config.expectedFrom());
        this.expectedTo = LocalTime.parse(config.expectedTo());
    }

    /** With MozDef's configuration values (the vectors', and ServiceLoader's outside the container). */
    public SessionOpenedSensitiveUser() {
        this(Queries.defaults(Config.class));
    }

    @Override
    public String name() {
        return "session_opened_sensitive_user";
    }

    @Override
    public String classname() {
        return "SessionOpenedUser";
    }

    @Override
    public Duration window() {
        return Duration.ofMinutes(10);
    }

    @Override
    public List<Finding> find(AlertContext context) throws Exception {
        ObjectNode query = bool("must", leaf("match", "category", "syslog"), leaf("match", "details.program", "sshd"),
                leaf("match_phrase", "summary", "session opened"),
                any(users.stream().map(user -> leaf("match_phrase", "summary", "for user " + user)).toList()));
        List<JsonNode> outside = new ArrayList<>();
        for (JsonNode hit : context.search(query, 1000).path("hits").path("hits")) {
            if (!expected(hit.path("_source").path("utctimestamp").asText())) {
                outside.add(hit);
            }
        }
        if (outside.isEmpty()) {
            return List.of();
        }
        List<JsonNode> samples = outside.subList(0, Math.min(SAMPLES, outside.size()));
        TreeSet<String> hosts = new TreeSet<>();
        samples.forEach(hit -> hosts.add(hit.path("_source").path("hostname").asText()));
        // MozDef counts the events, and says hosts.
        String summary = "Session opened by a sensitive user outside of the expected window - sample hosts: " + String.join(" ", hosts)
                + " [total " + outside.size() + " hosts]";
        return List.of(new Finding(summary, "WARNING", "session", List.of("pam", "syslog"), samples, null, null, null));
    }

    private boolean expected(String utctimestamp) {
        try {
            LocalTime at = OffsetDateTime.parse(utctimestamp).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
            return !at.isBefore(expectedFrom) && !at.isAfter(expectedTo);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
