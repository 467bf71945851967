package io.vigil.rest;

import io.vigil.api.metrics.Metrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The values sources report on a scrape, written in Prometheus' text format (0.0.4), one family per name. */
final class PrometheusText implements Metrics {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private record Family(String help, String type, List<String> samples) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    @Override
    public void counter(String name, String help, double value, String... labels) {
        add(name, help, "counter", value, labels);
    }

    @Override
    public void gauge(String name, String help, double value, String... labels) {
        add(name, help, "gauge", value, labels);
    }

    private void add(String name, String help, String type, double value, String... labels) {
        if (!NAME.matcher(name).matches() || labels.length % 2 != 0) {
            throw new IllegalArgumentException("not a metric: " + name + " with labels " + List.of(labels));
        }
        StringBuilder sample = new StringBuilder(name);
        for (int i = 0; i < labels.length; i += 2) {
            sample.append(i == 0 ? '{' : ',').append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
        }
        if (labels.length > 0) {
            sample.append('}');
        }
        sample.append(' ').append(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value));
        families.computeIfAbsent(name, key -> new Family(help, type, new ArrayList<>())).samples().add(sample.toString());
    }

    private static String escape(String value) {
        return String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    String text() {
        StringBuilder text = new StringBuilder();
        families.forEach((name, family) -> {
            text.append("# HELP ").append(name).append(' ').append(family.help().replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            text.append("# TYPE ").append(name).append(' ').append(family.type()).append('\n');
            family.samples().forEach(sample -> text.append(sample).append('\n'));
        });
        return text.toString();
    }
}
