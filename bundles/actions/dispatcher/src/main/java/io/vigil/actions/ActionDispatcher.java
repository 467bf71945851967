package io.vigil.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.alert.Alert;
import io.vigil.api.alert.AlertAction;
import io.vigil.elasticsearch.Elasticsearch;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor {@code io.vigil.actions} of {@code routes/alert-actions.xml}: each alert ({@code {_id, _index,
 * _source}}, from the AMQP exchange {@code alerts} or in-process) goes to every {@link AlertAction} service whose
 * selection matches it, through that action's throttle; an action that throws is tried again with doubling back-off,
 * and each execution is recorded in {@code actions-YYYYMM} (outcome success, failed — the dead letter of an action
 * that failed for good —, refused — what the action cannot do with that alert, not retried — or throttled;
 * attempts, latency, error). Once an alert is dealt with, its hand-off marker ({@code vigil-actions-pending}) is removed,
 * so the alert engine does not hand it over again. Actions come and go while alerts flow.
 */
@Component(name = "io.vigil.actions", service = {Processor.class, Actions.class}, property = "name=io.vigil.actions",
        configurationPid = "io.vigil.actions", configurationPolicy = ConfigurationPolicy.REQUIRE)
public class ActionDispatcher implements Processor, Actions {

    private static final Logger LOG = LoggerFactory.getLogger(ActionDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A registered action with what its service properties say. */
    record Registered(String name, AlertAction action, Selection selection, Throttle throttle) {
    }

    /** Waits between attempts; a test's does not. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final List<Registered> actions = new CopyOnWriteArrayList<>();
    private final ActionRecords records;
    private final Clock clock;
    private final int attempts;
    private final Duration backoff;
    private final Sleeper sleeper;

    @Activate
    public ActionDispatcher(ActionsConfig config, @Reference Elasticsearch elasticsearch) {
        this(new ActionRecords(elasticsearch), Clock.systemUTC(),
                config.attempts(), Duration.ofMillis(config.backoffMillis()), duration -> Thread.sleep(duration.toMillis()));
    }

    ActionDispatcher(ActionRecords records, Clock clock, int attempts, Duration backoff, Sleeper sleeper) {
        this.records = records;
        this.clock = clock;
        this.attempts = Math.max(1, attempts);
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addAction(AlertAction action, Map<String, Object> properties) {
        String name = String.valueOf(properties.getOrDefault(AlertAction.NAME, action.getClass().getSimpleName()));
        try {
            Selection selection = Selection.parse(strings(properties.get(AlertAction.SELECT)));
            Throttle throttle = new Throttle(integer(properties.get(AlertAction.THROTTLE_COUNT), 0),
                    Duration.ofMinutes(integer(properties.get(AlertAction.THROTTLE_MINUTES), 60)));
            actions.add(new Registered(name, action, selection, throttle));
            LOG.info("Alert action {} {}", name, selection.isEmpty() ? "selects no alert yet (" + AlertAction.SELECT + ")" : "active");
        } catch (IllegalArgumentException e) {
            LOG.warn("Alert action {} ignored: {}", name, e.getMessage());
        }
    }

    void removeAction(AlertAction action) {
        actions.removeIf(registered -> registered.action() == action);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        JsonNode alert;
        try {
            alert = JSON.readTree(exchange.getIn().getBody(String.class));
        } catch (JsonProcessingException e) {
            // Redelivering it would fail the same way for ever.
            LOG.warn("Not an alert, dropped: {}", e.getOriginalMessage());
            return;
        }
        if (!alert.path("_source").isObject()) {
            LOG.warn("Not an alert (no _source object), dropped: {}", alert.toString().substring(0, Math.min(200, alert.toString().length())));
            return;
        }
        String id = alert.path("_id").asText();
        dispatch(id, alert.path("_index").asText(), (ObjectNode) alert.path("_source"));
        // Dealt with (an action that failed for good is recorded as such): the alert engine need not hand it over again.
        records.handedOver(id);
    }

    @Override
    public List<Outcome> dispatch(String id, String index, ObjectNode source) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>();
        for (Registered registered : actions) {
            if (registered.selection().matches(source)) {
                outcomes.add(run(registered, id, index, source));
            }
        }
        return outcomes;
    }

    @Override
    public List<Outcome> replay(String alertId) throws Exception {
        JsonNode alert = records.alert(alertId);
        if (alert == null) {
            throw new IllegalArgumentException("no alert " + alertId + " in the alias alerts");
        }
        return dispatch(alert.path("_id").asText(), alert.path("_index").asText(), (ObjectNode) alert.path("_source"));
    }

    @Override
    public List<String> names() {
        return actions.stream().map(Registered::name).toList();
    }

    private Outcome run(Registered registered, String id, String index, ObjectNode source) throws InterruptedException {
        Instant started = clock.instant();
        Throttle.Decision decision = registered.throttle().decide(registered.name() + "|" + source.path("classname").asText(), started);
        if (!decision.send()) {
            return record(new Outcome(registered.name(), id, "throttled", 0, 0, null), index, source);
        }
        ObjectNode document = source.deepCopy();
        if (decision.folded() > 0) {
            (document.path("details").isObject() ? (ObjectNode) document.get("details") : document.putObject("details")).put("folded", decision.folded());
        }
        Alert alert = new Alert() {
            @Override
            public ObjectNode document() {
                return document;
            }

            @Override
            public String id() {
                return id;
            }

            @Override
            public String index() {
                return index;
            }
        };
        String error = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                registered.action().execute(alert);
                return record(new Outcome(registered.name(), id, "success", attempt, Duration.between(started, clock.instant()).toMillis(), null), index, source);
            } catch (InterruptedException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                // The alert cannot be acted on (the action says why): trying again would only say it again.
                return record(new Outcome(registered.name(), id, "refused", attempt, Duration.between(started, clock.instant()).toMillis(),
                        e.getMessage()), index, source);
            } catch (Exception e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
                if (attempt < attempts) {
                    sleeper.sleep(backoff.multipliedBy(1L << (attempt - 1)));
                }
            }
        }
        LOG.warn("Alert action {} failed for good on alert {} after {} attempts: {}", registered.name(), id, attempts, error);
        return record(new Outcome(registered.name(), id, "failed", attempts, Duration.between(started, clock.instant()).toMillis(), error), index, source);
    }

    private Outcome record(Outcome outcome, String index, ObjectNode source) throws InterruptedException {
        try {
            records.write(outcome, index, source, clock.instant());
        } catch (IOException e) {
            LOG.warn("Alert action {} on alert {}: {}, not recorded ({})", outcome.action(), outcome.alertId(), outcome.outcome(), e.getMessage());
        }
        return outcome;
    }

    private static List<String> strings(Object value) {
        if (value instanceof String[] array) {
            return Arrays.asList(array);
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : Arrays.asList(value.toString().split(","));
    }

    private static int integer(Object value, int fallback) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        return value == null || value.toString().isBlank() ? fallback : Integer.parseInt(value.toString().trim());
    }
}
