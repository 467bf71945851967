package io.vigil.alert.mozdef;

import static io.vigil.alert.mozdef.Queries.bool;
import static io.vigil.alert.mozdef.Queries.leaf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.alert.AlertContext;
import io.vigil.api.alert.AlertRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * MozDef's alerts/write_audit.py: writes to audited paths (auditd key {@code audit}), two or more by one original
 * user within 15 minutes; a Java rule because the severity falls to NOTICE for the users expected to write there, and
 * the path and user come from the events (write_audit.conf's skipprocess and expectedusers are the defaults).
 */
@Component(name = "io.vigil.alert.mozdef.writeaudit", configurationPid = "io.vigil.alert.mozdef.writeaudit", service = AlertRule.class)
@Designate(ocd = WriteAudit.Config.class)
public class WriteAudit implements AlertRule {

    @ObjectClassDefinition(name = "Vigil rule write_audit", description = "Writes to audited paths by one user")
    public @interface Config {
        @AttributeDefinition(description = "Processes whose writes are ignored")
        String[] skipProcesses() default {"process1", "process2"};

        @AttributeDefinition(description = "Users expected to write there: their alerts are NOTICE instead of WARNING")
        String[] expectedUsers() default {"user1", "user2"};

        @AttributeDefinition(description = "Writes by one user that raise an alert")
        int threshold() default 2;
    }

    private static final int SAMPLES = 10;

    private final List<String> skipProcesses;
    private final Set<String> expectedUsers;
    private final int threshold;

    @Activate
    public WriteAudit(Config config) {
        this.skipProcesses = List.of(config.skipProcesses());
        this.expectedUsers = Set.of(config.expectedUsers());
        this.threshold = config.threshold();
    }

    /** With MozDef's configuration values (the vectors', and ServiceLoader's outside the container). */
    public WriteAudit() {
        this(Queries.defaults(Config.class));
    }

    @Override
    public String name() {
        return "write_audit";
    }

    @Override
    public String classname() {
        return "WriteAudit";
    }

    @Override
    public Duration window() {
        return Duration.ofMinutes(15);
    }

    @Override
    public List<Finding> find(AlertContext context) throws Exception {
        ObjectNode query = bool("must", leaf("match", "category", "write"), leaf("match", "details.auditkey", "audit"),
                leaf("exists", "field", "details.originaluser"));
        ArrayNode mustNot = ((ObjectNode) query.get("bool")).putArray("must_not");
        skipProcesses.forEach(process -> mustNot.add(leaf("match_phrase", "details.processname", process)));
        Map<String, List<JsonNode>> byUser = new LinkedHashMap<>();
        for (JsonNode hit : context.search(query, 1000).path("hits").path("hits")) {
            byUser.computeIfAbsent(hit.path("_source").path("details").path("originaluser").asText(), user -> new ArrayList<>()).add(hit);
        }
        List<Finding> findings = new ArrayList<>();
        byUser.forEach((user, hits) -> {
            if (hits.size() >= threshold) {
                JsonNode first = hits.get(0).path("_source");
                String path = first.path("summary").asText().replaceFirst("^Write: ", "");
                String summary = hits.size() + " Filesystem write(s) to an auditd path (" + path + ") by " + first.path("details").path("user").asText()
                        + " (" + user + ")";
                findings.add(new Finding(summary, expectedUsers.contains(user) ? "NOTICE" : "WARNING", "write", List.of("audit"),
                        hits.subList(0, Math.min(SAMPLES, hits.size())), null, null, null));
            }
        });
        return findings;
    }
}
