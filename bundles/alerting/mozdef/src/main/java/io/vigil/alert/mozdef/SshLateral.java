package io.vigil.alert.mozdef;

import static io.vigil.alert.mozdef.Queries.bool;
import static io.vigil.alert.mozdef.Queries.leaf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.alert.AlertContext;
import io.vigil.api.alert.AlertRule;
import io.vigil.support.IpNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * MozDef's alerts/ssh_lateral.py: SSH logins to the hosts in scope from internal addresses outside the access policy,
 * by destination host; a Java rule because the policy is regular expressions and networks applied to the user and
 * address read from each sshd line. Defaults are ssh_lateral.json's; as in MozDef, a regular expression matches from
 * the start of the text ({@code re.match}).
 */
@Component(name = "io.vigil.alert.mozdef.sshlateral", configurationPid = "io.vigil.alert.mozdef.sshlateral", service = AlertRule.class)
@Designate(ocd = SshLateral.Config.class)
public class SshLateral implements AlertRule {

    @ObjectClassDefinition(name = "Vigil rule ssh_lateral", description = "SSH lateral movement outside the access policy")
    public @interface Config {
        @AttributeDefinition(description = "Regular expressions of the destination hosts in scope")
        String[] hostMustMatch() default {".*\\.enterprise\\.mozilla.com"};

        @AttributeDefinition(description = "Regular expressions of hosts never in scope, even when they match the above")
        String[] hostMustNotMatch() default {"ten-forward\\.enterprise\\.mozilla\\.com"};

        @AttributeDefinition(description = "Networks a login from which is alerted")
        String[] alertIfSource() default {"10.0.0.0/8"};

        @AttributeDefinition(description = "Networks a login from which is never alerted")
        String[] notAlertIfSource() default {"10.0.22.0/24", "10.0.23.0/24"};

        @AttributeDefinition(description = "Regular expressions of users never alerted on")
        String[] ignoreUsers() default {".*@\\S+.*"};

        @AttributeDefinition(description = "Allowed logins, each 'user_regex host_regex network'")
        String[] exceptions() default {"kirk .* 10.1.1.1/32", "kirk .* 10.1.1.2/32", "kirk .* 10.1.1.3/32",
            "spock sciencestation.enterprise.mozilla.com 10.0.50.0/24", "spock sciencestation.enterprise.mozilla.com 10.0.51.0/24",
            "spock sciencestation.enterprise.mozilla.com 10.0.52.0/24", "spock sciencestation.enterprise.mozilla.com 10.0.53.0/24"};
    }

    private record Allowed(Pattern user, Pattern host, IpNetwork network) {
    }

    private static final Pattern LOGIN = Pattern.compile("Accepted publickey for (\\S+) from (\\S+).*");
    private static final int SAMPLES = 10;
    /** netaddr's is_private networks, for add_hostname_to_ip's require_internal: only their names are looked up. */
    private static final List<IpNetwork> INTERNAL = networks("10.0.0.0/8", "100.64.0.0/10", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16",
            "198.18.0.0/15", "239.192.0.0/14", "169.254.0.0/16", "fc00::/7", "fe80::/10");

    private final List<Pattern> hostMustMatch;
    private final List<Pattern> hostMustNotMatch;
    private final List<IpNetwork> alertIfSource;
    private final List<IpNetwork> notAlertIfSource;
    private final List<Pattern> ignoreUsers;
    private final List<Allowed> exceptions = new ArrayList<>();

    @Activate
    public SshLateral(Config config) {
        this.hostMustMatch = patterns(config.hostMustMatch());
        this.hostMustNotMatch = patterns(config.hostMustNotMatch());
        this.alertIfSource = networks(config.alertIfSource());
        this.notAlertIfSource = networks(config.notAlertIfSource());
        this.ignoreUsers = patterns(config.ignoreUsers());
        for (String exception : config.exceptions()) {
            String[] parts = exception.trim().split("\\s+");
            if (parts.length != 3) {
                throw new IllegalArgumentException("an exception is 'user_regex host_regex network': " + exception);
            }
            exceptions.add(new Allowed(Pattern.compile(parts[0]), Pattern.compile(parts[1]), IpNetwork.parse(parts[2])));
        }
    }

    /** With MozDef's configuration values (the vectors', and ServiceLoader's outside the container). */
    public SshLateral() {
        this(Queries.defaults(Config.class));
    }

    @Override
    public String name() {
        return "ssh_lateral";
    }

    @Override
    public String classname() {
        return "SshLateral";
    }

    @Override
    public Duration window() {
        return Duration.ofMinutes(15);
    }

    @Override
    public List<Finding> find(AlertContext context) throws Exception {
        ObjectNode query = bool("must", leaf("match", "category", "syslog"), leaf("match", "details.program", "sshd"),
                leaf("match_phrase", "summary", "Accepted publickey"));
        Map<String, List<JsonNode>> byHost = new LinkedHashMap<>();
        for (JsonNode hit : context.search(query, 1000).path("hits").path("hits")) {
            byHost.computeIfAbsent(hit.path("_source").path("hostname").asText(), host -> new ArrayList<>()).add(hit);
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> host : byHost.entrySet()) {
            String destination = host.getKey();
            List<JsonNode> samples = host.getValue().subList(0, Math.min(SAMPLES, host.getValue().size()));
            if (!any(hostMustMatch, destination) || any(hostMustNotMatch, destination)) {
                continue;
            }
            for (JsonNode sample : samples) {
                Matcher login = LOGIN.matcher(sample.path("_source").path("summary").asText());
                if (login.matches() && outsidePolicy(login.group(1), destination, login.group(2))) {
                    String address = login.group(2);
                    String named = in(INTERNAL, address) ? context.hostname(address).map(name -> address + " (" + name + ")").orElse(address) : address;
                    findings.add(new Finding("SSH lateral movement outside policy: access to " + destination + " from " + named + " as " + login.group(1),
                            "WARNING", "session", List.of("sshd", "syslog"), samples, null, null, null));
                    break;
                }
            }
        }
        return findings;
    }

    private boolean outsidePolicy(String user, String host, String address) {
        if (!in(alertIfSource, address) || in(notAlertIfSource, address) || any(ignoreUsers, user)) {
            return false;
        }
        for (Allowed exception : exceptions) {
            if (exception.user().matcher(user).lookingAt() && exception.host().matcher(host).lookingAt() && exception.network().contains(address)) {
                return false;
            }
        }
        return true;
    }

    private static boolean any(List<Pattern> patterns, String text) {
        return patterns.stream().anyMatch(pattern -> pattern.matcher(text).lookingAt());
    }

    private static boolean in(List<IpNetwork> networks, String address) {
        return networks.stream().anyMatch(network -> network.contains(address));
    }

    private static List<Pattern> patterns(String... expressions) {
        return Arrays.stream(expressions).map(Pattern::compile).toList();
    }

    private static List<IpNetwork> networks(String... cidrs) {
        return Arrays.stream(cidrs).map(IpNetwork::parse).toList();
    }
}
