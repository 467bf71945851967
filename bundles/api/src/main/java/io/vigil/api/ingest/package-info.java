/**
 * The ingest SPI: how an input hands events to the pipeline ({@link io.vigil.api.ingest.Pipeline}, one service for
 * every input) and learns what became of each; {@link io.vigil.api.ingest.IndexedEvents}, what sees every event once
 * stored. Versioned semantically, as {@code io.vigil.api}.
 */
@Export
@Version("1.2.0")
package io.vigil.api.ingest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
