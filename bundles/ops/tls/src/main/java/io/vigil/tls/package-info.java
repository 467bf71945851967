/** The TLS policy of Vigil's listeners, as Camel's SSL context parameters. */
@Export
@Version("2.0.0")
package io.vigil.tls;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
