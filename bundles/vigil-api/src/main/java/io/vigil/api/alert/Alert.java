package io.vigil.api.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.annotation.versioning.ProviderType;

/** An alert document as MozDef stores it in {@code alerts-YYYYMM}. */
@ProviderType
public interface Alert {

    /** The alert's {@code _source}. */
    ObjectNode document();

    /** Its {@code _id} once stored ({@code null} for the alert plugins, which see it before). */
    default String id() {
        return null;
    }

    /** Its {@code _index} once stored. */
    default String index() {
        return null;
    }
}
