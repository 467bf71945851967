package io.vigil.api.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.annotation.versioning.ProviderType;

/** An alert document as MozDef stores it in {@code alerts-YYYYMM}. */
@ProviderType
public interface Alert {

    ObjectNode document();
}
