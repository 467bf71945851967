/**
 * Metrics of the running pipeline: components register {@link io.vigil.api.metrics.MetricSource} services, which the
 * REST API's {@code /metrics} reads on each scrape and writes as Prometheus text.
 */
@Export
@Version("1.0.0")
package io.vigil.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
