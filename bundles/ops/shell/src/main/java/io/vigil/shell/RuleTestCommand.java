package io.vigil.shell;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.alerts.RuleRunner;
import io.vigil.alerts.Rules;
import io.vigil.alerts.TimeArguments;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code vigil:rule-test}: what a rule would raise over a time range, without storing, tagging or publishing anything. */
@Service
@Command(scope = "vigil", name = "rule-test", description = "Runs an alert rule over past events and prints the alerts it would raise (nothing is written)")
public class RuleTestCommand implements Action {

    @Reference(optional = true)
    private Rules rules;

    @Argument(index = 0, name = "rule", description = "The rule's name (vigil:rules lists them)", required = true)
    private String name;

    @Option(name = "-f", aliases = "--from", description = "Start: an instant, a UTC day, or a time ago (90m, 2d); default: the rule's window before --to")
    private String from;

    @Option(name = "-t", aliases = "--to", description = "End: an instant, a UTC day, or a time ago; default: now")
    private String to;

    @Override
    public Object execute() throws Exception {
        if (rules == null) {
            System.out.println("The alert engine is not running (feature vigil-alerts)");
            return null;
        }
        Instant now = Instant.now();
        RuleRunner.Result result;
        try {
            Instant end = to == null ? now : TimeArguments.parse(to, now);
            result = rules.test(name, from == null ? null : TimeArguments.parse(from, now), end);
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
            return null;
        }
        System.out.printf("%s: %d matching events, %d alerts would be raised%n", name, result.eventsMatched(), result.alerts().size());
        for (JsonNode alert : result.alerts()) {
            JsonNode source = alert.path("_source");
            System.out.printf("  %s %s (%d events)%n", source.path("severity").asText(), source.path("summary").asText(), source.path("events").size());
        }
        return null;
    }
}
