/**
 * The alert engine: rule files, the runner with MozDef's AlertTask semantics, and the {@link io.vigil.alerts.Rules}
 * service for the shell and rule testing, and {@link io.vigil.alerts.Alerts} for alerts found outside a schedule.
 */
@Export
@Version("2.0.0")
package io.vigil.alerts;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
