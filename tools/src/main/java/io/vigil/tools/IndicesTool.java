package io.vigil.tools;

import io.vigil.indices.IndexMaintenance;
import io.vigil.indices.IndicesConfig;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./vigil indices [--rotate] [--retention [--dry-run]]}, {@code ./vigil snapshot [DAY]} and
 * {@code ./vigil restore --from DAY [--to DAY]}: the container's index maintenance from the command line, on the
 * Elasticsearch {@code ./vigil} uses. Its settings are the container's ({@code etc/io.vigil.indices.cfg}): the same
 * defaults, and the same {@code VIGIL_INDICES_*} variables override them.
 */
public final class IndicesTool {

    private IndicesTool() {
    }

    public static void main(String[] arguments) throws Exception {
        if (arguments.length < 2) {
            usage("");
        }
        IndexMaintenance maintenance = IndexMaintenance.of(ElasticsearchArgument.connect(arguments[0]), config(), Clock.systemUTC());
        List<String> rest = List.of(arguments).subList(2, arguments.length);
        try {
            switch (arguments[1]) {
                case "indices" -> indices(maintenance, rest);
                case "snapshot" -> {
                    LocalDate day = rest.isEmpty() ? maintenance.today().minusDays(1) : LocalDate.parse(rest.get(0));
                    IndexMaintenance.Archive archive = maintenance.archive(day);
                    System.out.println(archive == null ? "no open index of " + day + " to archive" : archive);
                }
                case "restore" -> restore(maintenance, rest);
                default -> usage("unknown command " + arguments[1]);
            }
        } catch (DateTimeParseException e) {
            usage("a day is written 2026-11-30: " + e.getParsedString());
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
        }
    }

    private static void indices(IndexMaintenance maintenance, List<String> options) throws Exception {
        boolean dryRun = options.contains("--dry-run") || options.contains("-n");
        if (options.contains("--rotate")) {
            System.out.println("today: " + maintenance.rotate());
        }
        if (options.contains("--retention")) {
            IndexMaintenance.report(maintenance.applyRetention(dryRun), dryRun).forEach(System.out::println);
        }
        if (!options.contains("--rotate") && !options.contains("--retention")) {
            IndexMaintenance.table(maintenance.list()).forEach(System.out::println);
        }
    }

    private static void restore(IndexMaintenance maintenance, List<String> options) throws Exception {
        LocalDate from = null;
        LocalDate to = null;
        for (int i = 0; i < options.size(); i++) {
            if (i + 1 >= options.size()) {
                usage(options.get(i) + " needs a day");
            }
            switch (options.get(i)) {
                case "--from" -> from = LocalDate.parse(options.get(++i));
                case "--to" -> to = LocalDate.parse(options.get(++i));
                default -> usage("unknown option " + options.get(i));
            }
        }
        if (from == null) {
            usage("restore needs --from DAY");
        }
        List<String> restored = maintenance.restore(from, to == null ? from : to, System.out::println);
        System.out.println(restored.size() + " indices restored; search them as " + IndexMaintenance.RESTORED_ALIAS);
    }

    /** The configuration's defaults, each overridden by its VIGIL_INDICES_* variable (eventsCloseAfterDays: VIGIL_INDICES_EVENTS_CLOSE_AFTER_DAYS). */
    private static IndicesConfig config() {
        return (IndicesConfig) Proxy.newProxyInstance(IndicesConfig.class.getClassLoader(), new Class<?>[] {IndicesConfig.class}, (proxy, method, args) -> {
            String value = System.getenv("VIGIL_INDICES_" + method.getName().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
            Object fallback = method.getDefaultValue();
            if (value == null || value.isBlank() || fallback == null) {
                return fallback;
            }
            return fallback instanceof Integer ? Integer.valueOf(value.trim()) : fallback instanceof Boolean ? Boolean.valueOf(value.trim()) : value.trim();
        });
    }

    private static void usage(String problem) {
        if (!problem.isEmpty()) {
            System.err.println(problem);
        }
        System.err.println("usage: ./vigil indices [--rotate] [--retention [--dry-run]] | ./vigil snapshot [DAY] | ./vigil restore --from DAY [--to DAY]");
        System.exit(2);
    }
}
