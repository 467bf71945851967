/**
 * Metrics of the running pipeline: components register {@link io.vigil.api.metrics.MetricSource} services, which the
 * REST API's {@code /metrics} reads on each scrape and writes as Prometheus text; and
 * {@link io.vigil.api.metrics.HealthCheck} services, which its {@code /api/health} (the console's health page) asks.
 */
@Export
@Version("1.1.0")
package io.vigil.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
