package io.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The alert engine in the assembled distribution: MozDef's rules arrive with their bundle and leave when it stops
 * (the rule extender), {@code vigil:rules} lists them, and {@code vigil:rule-test} shows what a rule would raise over
 * events posted through the HTTP input without writing an alert. The engine is idle here (enabled=false), so only the
 * test runs rules.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AlertRulesIT {

    private static final String HTTP_PORT = VigilContainer.httpPort();
    private static final String ES_URL = System.getProperty("vigil.es.url", "");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SOON = Duration.ofSeconds(60);
    private static final List<String> MOZDEF_RULES = List.of("auth0_bruteforce_user", "auth0_vertical_password_guessing", "bruteforce_ssh", "cloudtrail_logging_disabled",
            "deadman-host1", "deadman_generic-sample-alert-1", "deadman_generic-sample-alert-2", "duo_authfail", "duo_fail_open", "geomodel_location", "guard_duty_probe",
            "ldap_add", "ldap_bruteforce_user", "ldap_delete", "ldap_group", "nsm_scan_address", "nsm_scan_port", "nsm_scan_random", "old_events", "promisc_audit", "promisc_kernel", "proxy_drop_executable",
            "proxy_drop_ip", "proxy_drop_non_standard_port", "proxy_exfil_domains", "session_opened_sensitive_user", "ssh_access", "ssh_access_signreleng", "ssh_lateral", "trace_audit", "triagebot_escalation", "write_audit");

    @Inject
    private FeaturesService features;

    @Inject
    private SessionFactory sessions;

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] configuration() {
        return VigilContainer.options(HTTP_PORT,
                systemProperty("vigil.es.url").value(ES_URL),
                editConfigurationFilePut("etc/io.vigil.elasticsearch.cfg", "url", ES_URL.isEmpty() ? "http://127.0.0.1:9" : ES_URL),
                editConfigurationFilePut("etc/io.vigil.alerts.cfg", "enabled", "false"));
    }

    @Test
    public void theDistributionRunsTheEngineWithMozDefsRules() throws Exception {
        assertTrue(features.isInstalled(features.getFeature("vigil-alerts")));
        Eventually.within(SOON, () -> {
            String listing = VigilContainer.shell(sessions, "vigil:rules");
            for (String rule : MOZDEF_RULES) {
                assertTrue(rule + " missing from:\n" + listing, listing.contains(rule + " "));
            }
            String line = listing.lines().filter(row -> row.startsWith("bruteforce_ssh ")).findFirst().orElseThrow();
            assertTrue(line, line.contains("AlertBruteforceSsh") && line.contains("io.vigil.alert.mozdef!/META-INF/vigil/rules/bruteforce_ssh.yml")
                    && line.contains("disabled") && line.contains(" 2m "));
        });
    }

    @Test
    public void aRuleBundleTakesItsRulesAwayWhenItStopsAndBringsThemBack() throws Exception {
        Bundle rules = bundle("io.vigil.alert.mozdef");
        Eventually.within(SOON, () -> assertTrue(VigilContainer.shell(sessions, "vigil:rules").contains("bruteforce_ssh ")));
        rules.stop();
        try {
            Eventually.within(SOON, () -> assertFalse(VigilContainer.shell(sessions, "vigil:rules").contains("bruteforce_ssh ")));
        } finally {
            rules.start();
        }
        Eventually.within(SOON, () -> assertTrue(VigilContainer.shell(sessions, "vigil:rules").contains("bruteforce_ssh ")));
    }

    @Test
    public void ruleTestShowsTheAlertARuleWouldRaiseAndWritesNothing() throws Exception {
        assumeFalse("needs an Elasticsearch: run ./vigil test, or pass -Dvigil.es.url", ES_URL.isEmpty());
        Random random = new Random();
        String address = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        ContainerHttp.awaitStatus(HTTP_PORT, SOON, sessions);
        for (int i = 0; i < 10; i++) {
            ContainerHttp.Answer answer = ContainerHttp.post("http://127.0.0.1:" + HTTP_PORT + "/events", "application/json",
                    "{\"summary\":\"login invalid failed by " + address + "\",\"hostname\":\"bastion\","
                            + "\"details\":{\"program\":\"sshd\",\"sourceipaddress\":\"" + address + "\"}}");
            assertEquals(answer.body(), 200, answer.status());
        }
        String expected = "10 ssh bruteforce attempts by " + address + " bastion (10 hits)";
        Eventually.within(SOON, () -> {
            String report = VigilContainer.shell(sessions, "vigil:rule-test --from 10m bruteforce_ssh");
            assertTrue(report, report.contains("NOTICE " + expected + " (10 events)"));
        });
        String query = URLEncoder.encode("summary:\"" + address + "\"", StandardCharsets.UTF_8);
        String alerts = ContainerHttp.get(ES_URL + "/alerts-*/_count?ignore_unavailable=true&q=" + query).body();
        assertEquals(alerts, 0, JSON.readTree(alerts).path("count").asInt(-1));
        assertTrue(VigilContainer.shell(sessions, "vigil:rule-test no_such_rule").contains("no rule named no_such_rule"));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
