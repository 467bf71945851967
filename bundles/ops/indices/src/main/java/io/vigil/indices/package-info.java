/**
 * Log management: {@link io.vigil.indices.IndexMaintenance} (rotation, retention, archives, restore) and the
 * container's {@link io.vigil.indices.Indices} service for the shell.
 */
@Export
@Version("1.0.0")
package io.vigil.indices;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
