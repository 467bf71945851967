package io.vigil.plugin.auditd;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.support.Fields;

/**
 * The auditd executions MozDef judged prevalent and of no security interest: ganglia's netstat, RabbitMQ's helper
 * processes, sshd re-exec, chkconfig's runlevel and nagios checks. auditdFixup drops them, ttl_auditd marks them.
 */
final class NoisyCommands {

    private NoisyCommands() {
    }

    static boolean matches(JsonNode details) {
        if (details == null || !details.isObject()) {
            return false;
        }
        String command = Fields.text(details, "command");
        if (command == null) {
            return false;
        }
        String parent = Fields.text(details, "parentprocess");
        String user = Fields.text(details, "duser");
        String sourceUser = Fields.text(details, "suser");
        return "gmond".equals(parent) && "nobody".equals(user) && command.equals("/bin/sh -c netstat -t -a -n")
                || "beam.smp".equals(parent) && "rabbitmq".equals(user) && (command.equals("/usr/lib64/erlang/erts-5.8.5/bin/epmd -daemon")
                        || command.startsWith("inet_gethost 4") || command.startsWith("sh -c exec inet_gethost 4")
                        || command.startsWith("/bin/sh -s unix:cmd") || command.startsWith("sh -c exec /bin/sh -s unix:cmd"))
                || "sshd".equals(parent) && "root".equals(user) && command.equals("/usr/sbin/sshd -R")
                || "chkconfig".equals(parent) && "root".equals(sourceUser)
                        && (command.startsWith("/sbin/runlevel") || command.startsWith("sh -c /sbin/runlevel"))
                || "nagios".equals(user) && "root".equals(sourceUser)
                        && (command.startsWith("/usr/lib64/nagios/plugins") || command.startsWith("sh -c /usr/lib64/nagios/plugins"));
    }
}
