/** What streaming Sigma detection runs and how it went: the {@link io.vigil.sigma.rules.SigmaRules} service. */
@Export
@Version("1.2.0")
package io.vigil.sigma.rules;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
