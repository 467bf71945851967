package io.vigil.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void familiesAreGroupedWithOneHelpAndTypeAndLabelsEscaped() {
        PrometheusText text = new PrometheusText();
        text.counter("vigil_plugin_events_total", "Events a plugin was given", 12, "plugin", "geoip");
        text.gauge("vigil_bulk_queued_documents", "Waiting", 0.5);
        text.counter("vigil_plugin_events_total", "Events a plugin was given", 3, "plugin", "a\"b\\c\nd");
        assertEquals("""
                # HELP vigil_plugin_events_total Events a plugin was given
                # TYPE vigil_plugin_events_total counter
                vigil_plugin_events_total{plugin="geoip"} 12
                vigil_plugin_events_total{plugin="a\\"b\\\\c\\nd"} 3
                # HELP vigil_bulk_queued_documents Waiting
                # TYPE vigil_bulk_queued_documents gauge
                vigil_bulk_queued_documents 0.5
                """, text.text());
        assertThrows(IllegalArgumentException.class, () -> text.counter("bad name", "x", 1));
        assertThrows(IllegalArgumentException.class, () -> text.counter("odd_labels", "x", 1, "one"));
    }
}
