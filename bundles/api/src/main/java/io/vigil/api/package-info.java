/**
 * The event SPI. Plugins implement {@link io.vigil.api.EventPlugin}; the core provides events and metadata.
 * Versioned semantically: a plugin built against 1.x runs on every 1.y with y &gt;= x.
 */
@Export
@Version("1.1.0")
package io.vigil.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
