/**
 * Vigil's one way to Elasticsearch: the {@link io.vigil.elasticsearch.Elasticsearch} service, configured once
 * (etc/io.vigil.elasticsearch.cfg: URL with an optional path prefix, credentials, TLS), and the typed pieces stores
 * build their requests from ({@link io.vigil.elasticsearch.Query}, {@link io.vigil.elasticsearch.Elasticsearch#path}), and
 * {@link io.vigil.elasticsearch.Scan} for reading every match once.
 */
@Export
@Version("1.1.0")
package io.vigil.elasticsearch;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
