package io.vigil.action.block;

import io.vigil.api.alert.Alert;
import io.vigil.api.alert.AlertAction;
import io.vigil.blocklist.Blocklist;
import io.vigil.blocklist.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * MozDef's block_ip action: the address (or domain name) at {@code field} of each alert it selects (by default its
 * {@code details.sourceipaddress}, else its first event's) goes into Vigil's
 * block list for {@code duration}, with the alert's id as reference and its summary as comment, so the published lists
 * ({@code routes/blocklist.xml}) carry it to the firewalls until it expires. One instance per factory configuration
 * ({@code etc/io.vigil.action.block-<name>.cfg}; the distribution installs {@code -ip}). What the block list refuses
 * (a private address, an allow-listed one, no value at the field) is recorded as refused, not retried.
 */
@Component(name = "io.vigil.action.block", service = AlertAction.class, configurationPid = "io.vigil.action.block",
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = AlertAction.NAME + "=block")
@Designate(ocd = BlockAction.Config.class)
public class BlockAction implements AlertAction {

    @ObjectClassDefinition(name = "Vigil action block", description = "Blocks what an alert names in the block list")
    public @interface Config {
        @AttributeDefinition(description = "ip or fqdn")
        String kind() default "ip";

        @AttributeDefinition(description = "Dotted paths of the alert fields that may hold the address or domain name, tried in turn; comma-separated")
        String field() default "details.sourceipaddress,events.0.documentsource.details.sourceipaddress";

        @AttributeDefinition(description = "How long: 12hr, 1d, 2d, 3d, 1w, 30d or <count><s|m|h|d|w>")
        String duration() default "1d";

        @AttributeDefinition(description = "Who the entries say blocked them")
        String creator() default "vigil";
    }

    private final Blocklist blocklist;
    private final Blocklist.Kind kind;
    private final List<String> fields;
    private final Duration duration;
    private final String creator;

    @Activate
    public BlockAction(@Reference Blocklist blocklist, Config config) {
        this.blocklist = blocklist;
        this.kind = Blocklist.Kind.valueOf(config.kind().trim().toUpperCase(Locale.ROOT));
        this.fields = Arrays.stream(config.field().split(",")).map(String::trim).filter(path -> !path.isEmpty()).toList();
        this.duration = Durations.parse(config.duration());
        this.creator = config.creator().trim();
    }

    @Override
    public void execute(Alert alert) throws IOException {
        String value = fields.stream().map(alert::text).filter(text -> !text.isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the alert has no " + String.join(" or ", fields) + " to block"));
        blocklist.block(kind, value, duration, creator, alert.id() == null ? "" : alert.id(), alert.document().path("summary").asText());
    }
}
