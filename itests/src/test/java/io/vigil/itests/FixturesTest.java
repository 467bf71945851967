package io.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vigil.tools.FixtureRunner;
import io.vigil.tools.FixtureRunner.FileResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.Test;

/** MozDef's behaviour vectors, run against the real normaliser and plugin chain. */
public class FixturesTest {

    /** The vector files whose units Vigil implements in full (and every plugin_* and pipeline_* file): each case must run and pass. */
    private static final List<String> IMPLEMENTED = List.of("normalization_keymapping.json", "timestamp_toUTC.json",
            "event_required_fields.json", "plugin_dispatch_pluginset.json", "pipeline_keymapping_plugins.json", "plugin_broFixup.json",
            "alertplugin_ip_source_enrichment.json", "alertplugin_geomodel_ipintel_enrichment.json");

    /** The alert vector files whose alert is ported to a rule of io.vigil.alert.mozdef: each case must run (on Elasticsearch) and pass. */
    private static final List<String> ALERTS = List.of("auth0_bruteforce_user", "auth0_vertical_password_guessing", "bruteforce_ssh", "cloudtrail_logging_disabled", "deadman",
            "deadman_generic", "duo_authfail", "duo_fail_open", "geomodel_location", "guard_duty_probe", "ldap_add", "ldap_bruteforce_user", "ldap_delete", "ldap_group",
            "nsm_scan_address", "nsm_scan_port", "nsm_scan_random", "old_events", "promisc_audit", "promisc_kernel", "proxy_drop_executable", "proxy_drop_ip", "proxy_drop_non_standard_port",
            "proxy_exfil_domains", "session_opened_sensitive_user", "ssh_access", "ssh_access_signreleng", "ssh_lateral", "trace_audit", "triagebot_escalation", "write_audit");

    /** The suite's Elasticsearch ({@code ./vigil test} passes it), for the alert vectors. */
    private static URI elasticsearch() {
        String url = System.getProperty("vigil.es.url", "");
        return url.isBlank() ? null : URI.create(url);
    }

    @Test
    public void mozdefVectorsPass() throws Exception {
        Path directory = Path.of(System.getProperty("vigil.fixtures", "../../shared/fixtures/mozdef"));
        assertTrue("no fixture directory at " + directory.toAbsolutePath() + " (set -Dvigil.fixtures)", Files.isDirectory(directory));
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        List<FileResult> results = new FixtureRunner(new PrintStream(report, true, StandardCharsets.UTF_8), null, elasticsearch()).runDirectory(directory);
        String text = report.toString(StandardCharsets.UTF_8);

        int failed = results.stream().mapToInt(FileResult::failed).sum();
        assertEquals(text, 0, failed);
        Map<String, FileResult> byFile = results.stream().collect(Collectors.toMap(FileResult::file, Function.identity()));
        List<String> implemented = new ArrayList<>(IMPLEMENTED);
        if (elasticsearch() != null) {
            ALERTS.forEach(alert -> implemented.add("alert_" + alert + ".json"));
        }
        byFile.keySet().stream().filter(file -> file.startsWith("plugin_") || file.startsWith("pipeline_")).forEach(implemented::add);
        for (String file : implemented) {
            FileResult result = byFile.get(file);
            assertTrue(file + " missing from " + directory, result != null);
            assertTrue(text, result.passed() > 0);
            assertEquals(text, 0, result.skipped());
        }
    }
}
