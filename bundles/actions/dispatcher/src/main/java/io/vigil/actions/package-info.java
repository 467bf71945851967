/** Response automation: the {@link io.vigil.actions.Actions} service of the container's alert action dispatcher. */
@Export
@Version("1.0.0")
package io.vigil.actions;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
