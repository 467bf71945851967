package io.vigil.api.metrics;

import org.osgi.annotation.versioning.ConsumerType;

/** Something that counts: asked for its current values on every scrape, so nothing is pushed or sampled. */
@ConsumerType
public interface MetricSource {

    void collect(Metrics metrics);
}
