package io.vigil.plugin.network;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * MozDef's {@code mozilla_location}, for any organisation whose hosts are named {@code host.zone.SITE.DOMAIN.tld}:
 * the site label of {@code details.hostname} (else {@code hostname}) goes to {@code details.site}, and
 * {@code details.sitetype} says whether it is a datacenter, an office or unknown. Sites and the domain label come
 * from {@code etc/io.vigil.plugin.network.cfg}; without a domain the plugin stays inactive.
 */
@Component(configurationPid = "io.vigil.plugin.network", property = {
    EventPlugin.NAME + "=mozilla_location",
    EventPlugin.REGISTRATION + "=network",
    EventPlugin.REGISTRATION + "=netflow",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=host.zone.SITE.DOMAIN.tld host names to details.site and sitetype (datacenter/office/unknown)"
})
@Designate(ocd = MozillaLocation.Config.class)
public class MozillaLocation implements EventPlugin {

    @ObjectClassDefinition(name = "Vigil site location", description = "Which sites, named in host names, are datacenters and which offices")
    public @interface Config {
        @AttributeDefinition(description = "Second-level domain label of the organisation's host names (mozilla in h1.private.sfo1.mozilla.com); empty = plugin inactive")
        String site_domain() default "";

        @AttributeDefinition(description = "Site labels that are datacenters, comma-separated")
        String site_datacenters() default "";

        @AttributeDefinition(description = "Site labels that are offices, comma-separated")
        String site_offices() default "";
    }

    private static final int LABELS = 5;

    private final String domain;
    private final Set<String> datacenters;
    private final Set<String> offices;

    @Activate
    public MozillaLocation(Config config) {
        this.domain = config.site_domain().trim().toLowerCase(Locale.ROOT);
        this.datacenters = list(config.site_datacenters());
        this.offices = list(config.site_offices());
    }

    @Override
    public String inactiveReason() {
        return domain.isEmpty() ? "no site.domain in etc/io.vigil.plugin.network.cfg" : null;
    }

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        ObjectNode details = Fields.details(document);
        String hostname = details != null && details.has("hostname") ? Fields.text(details, "hostname") : Fields.text(document, "hostname");
        if (hostname == null || domain.isEmpty()) {
            return true;
        }
        String[] labels = hostname.toLowerCase(Locale.ROOT).split("\\.", -1);
        if (labels.length == LABELS && domain.equals(labels[LABELS - 2])) {
            String site = labels[LABELS - 3];
            ObjectNode target = Fields.detailsOrCreate(document);
            target.put("site", site);
            target.put("sitetype", datacenters.contains(site) ? "datacenter" : offices.contains(site) ? "office" : "unknown");
        }
        return true;
    }

    private static Set<String> list(String commaSeparated) {
        return Stream.of(commaSeparated.split(",")).map(String::trim).filter(site -> !site.isEmpty())
                .map(site -> site.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
