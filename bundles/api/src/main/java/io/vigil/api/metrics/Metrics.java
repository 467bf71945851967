package io.vigil.api.metrics;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a source reports its values. Names follow Prometheus' conventions ({@code vigil_<what>_<unit>}, counters
 * ending {@code _total}); labels come in pairs, name then value ({@code "plugin", "geoip"}). One name has one help text
 * and type, whichever source reports it.
 */
@ProviderType
public interface Metrics {

    /** A count that only grows while the source lives (events seen, errors). */
    void counter(String name, String help, double value, String... labels);

    /** A value that goes up and down (queued events, listeners). */
    void gauge(String name, String help, double value, String... labels);
}
