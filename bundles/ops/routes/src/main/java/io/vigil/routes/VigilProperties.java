package io.vigil.routes;

import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Turns Vigil's configurations into the property placeholders of its routes: key {@code port} of PID
 * {@code io.vigil.http} becomes {@code {{http.port}}}, so a route file names its settings by the cfg file
 * they live in ({@code etc/io.vigil.http.cfg}).
 */
final class VigilProperties {

    static final String PID_PREFIX = "io.vigil.";

    private static final Set<String> FRAMEWORK_KEYS = Set.of("service.pid", "service.factoryPid", "service.bundleLocation",
            "felix.fileinstall.filename", "component.name", "component.id");

    private VigilProperties() {
    }

    static boolean isVigilPid(String pid) {
        return pid != null && pid.startsWith(PID_PREFIX);
    }

    static Properties of(Map<String, Map<String, Object>> configurationsByPid) {
        Properties properties = new Properties();
        configurationsByPid.forEach((pid, configuration) -> {
            if (!isVigilPid(pid)) {
                return;
            }
            String prefix = pid.substring(PID_PREFIX.length()) + ".";
            configuration.forEach((key, value) -> {
                // An empty value is none: an optional placeholder ({{?key}}) then leaves its option out, as an endpoint
                // option set to "" is still set (sslContextParameters= would look for a bean named "").
                if (value != null && !String.valueOf(value).isEmpty() && !FRAMEWORK_KEYS.contains(key)) {
                    properties.setProperty(prefix + key, String.valueOf(value));
                }
            });
        });
        return properties;
    }
}
