package io.vigil.blocklist;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Vigil block list", description = "IP and FQDN block lists in Elasticsearch, and the lists firewalls poll")
public @interface BlocklistConfig {

    @AttributeDefinition(description = "Index of the entries")
    String index() default "blocklist";

    @AttributeDefinition(description = "Networks never blocked, besides private and reserved space; comma-separated")
    String allowNetworks() default "";

    @AttributeDefinition(description = "Domains never blocked, with their subdomains; comma-separated")
    String allowDomains() default "";
}
