package io.vigil.alert.mozdef;

import static io.vigil.alert.mozdef.Queries.any;
import static io.vigil.alert.mozdef.Queries.bool;
import static io.vigil.alert.mozdef.Queries.leaf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.alert.AlertContext;
import io.vigil.api.alert.AlertRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * MozDef's alerts/ssh_access_signreleng.py: every SSH login to the release-signing hosts, told to a channel, except
 * the expected ones (an address and a user together); a Java rule because the user is read from the sshd line and an
 * exclusion is a pair of conditions. Defaults are ssh_access_signreleng.json's.
 */
@Component(name = "io.vigil.alert.mozdef.sshaccesssignreleng", configurationPid = "io.vigil.alert.mozdef.sshaccesssignreleng",
        service = AlertRule.class)
@Designate(ocd = SshAccessSignReleng.Config.class)
public class SshAccessSignReleng implements AlertRule {

    @ObjectClassDefinition(name = "Vigil rule ssh_access_signreleng", description = "SSH logins to the release-signing hosts")
    public @interface Config {
        @AttributeDefinition(description = "Regular expression of the hosts watched (the whole host name)")
        String hostFilter() default "(host1|host2.*).*";

        @AttributeDefinition(description = "Expected logins, each 'address user': not alerted")
        String[] exclusions() default {"4.5.6.7 someuser", "8.9.10.11 anotheruser"};

        @AttributeDefinition(description = "Channel the alerts are told to")
        String channel() default "#somechannel";
    }

    private static final Pattern USER = Pattern.compile("Accepted \\S+ for (\\S+) from");

    private final String hostFilter;
    private final List<String[]> exclusions = new ArrayList<>();
    private final String channel;

    @Activate
    public SshAccessSignReleng(Config config) {
        this.hostFilter = config.hostFilter();
        for (String exclusion : config.exclusions()) {
            String[] pair = exclusion.trim().split("\\s+", 2);
            if (pair.length == 2) {
                exclusions.add(pair);
            }
        }
        this.channel = config.channel();
    }

    /** With MozDef's configuration values (the vectors', and ServiceLoader's outside the container). */
    public SshAccessSignReleng() {
        this(Queries.defaults(Config.class));
    }

    @Override
    public String name() {
        return "ssh_access_signreleng";
    }

    @Override
    public String classname() {
        return "AlertAuthSignRelengSSH";
    }

    @Override
    public Duration window() {
        return Duration.ofMinutes(15);
    }

    @Override
    public List<Finding> find(AlertContext context) throws Exception {
        ObjectNode query = bool("must", leaf("match", "tags", "releng"), leaf("match", "details.program", "sshd"),
                leaf("regexp", "hostname", hostFilter),
                any(List.of(leaf("match_phrase", "summary", "Accepted publickey"), leaf("match_phrase", "summary", "Accepted keyboard-interactive"))));
        ArrayNode mustNot = ((ObjectNode) query.get("bool")).putArray("must_not");
        for (String[] exclusion : exclusions) {
            mustNot.add(bool("must", leaf("match", "details.sourceipaddress", exclusion[0]), leaf("match_phrase", "summary", exclusion[1])));
        }
        List<Finding> findings = new ArrayList<>();
        for (JsonNode hit : context.search(query, 1000).path("hits").path("hits")) {
            JsonNode source = hit.path("_source");
            Matcher user = USER.matcher(source.path("summary").asText());
            String summary = "SSH login from " + source.path("details").path("sourceipaddress").asText() + " on " + source.path("hostname").asText()
                    + " as user " + (user.find() ? user.group(1) : "unknown");
            findings.add(new Finding(summary, "NOTICE", "access", List.of("ssh"), List.of(hit), null, null, channel));
        }
        return findings;
    }
}
