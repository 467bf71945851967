/** The pipeline's pure-Java core; exported for the input, alerting and shell bundles of Vigil itself. */
@Export
@Version("0.2.0")
package io.vigil.core;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
