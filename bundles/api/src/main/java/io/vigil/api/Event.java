package io.vigil.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.annotation.versioning.ProviderType;

/** One event in the MozDef schema, as it travels through the plugin chain. */
@ProviderType
public interface Event {

    /** The event document itself; plugins may change it in place. */
    ObjectNode document();
}
