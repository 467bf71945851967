/**
 * The alerting SPI: rules that find alerts in stored events, plugins that enrich alerts, and actions that
 * act on them.
 */
@Export
@Version("1.3.0")
package io.vigil.api.alert;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
