/**
 * The ingest pipeline, private to its bundle: inputs reach it as {@link io.vigil.api.ingest.Pipeline}, plugins as
 * {@link io.vigil.api.EventPlugin} services; nothing else may depend on these classes (the build checks it).
 */
package io.vigil.core;
