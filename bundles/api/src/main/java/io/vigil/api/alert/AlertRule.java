package io.vigil.api.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A detection rule written in Java, for logic a rule file cannot express; registered as a service, it is scheduled by
 * the alert engine like a rule file, and its findings become MozDef alerts the engine stores, tags and publishes.
 */
@ConsumerType
public interface AlertRule {

    /**
     * What to raise: MozDef's createAlertDict arguments, and the events (search hits) the alert is about; {@code details},
     * {@code url} and {@code channel} may be {@code null}.
     */
    record Finding(String summary, String severity, String category, List<String> tags, List<JsonNode> events, ObjectNode details, String url,
            String channel) {
    }

    /** The rule's name, unique in the container: the key of its schedule and its state. */
    String name();

    /** The alert's {@code classname}, which its events are tagged with. */
    default String classname() {
        return name();
    }

    default Duration schedule() {
        return Duration.ofMinutes(1);
    }

    /** How far back a run looks. */
    Duration window();

    /** The alerts of one run over the events the context searches. */
    List<Finding> find(AlertContext context) throws Exception;
}
