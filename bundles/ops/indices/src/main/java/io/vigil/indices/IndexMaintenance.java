package io.vigil.indices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.elasticsearch.layout.EventIndices;
import io.vigil.elasticsearch.Answer;
import io.vigil.elasticsearch.Elasticsearch;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * MozDef's index cron jobs (rotateIndexes, closeIndices, pruneIndexes, backupSnapshot) over Elasticsearch's REST API,
 * with the clock given, so tests can cross midnight and month ends: daily event indices created a day ahead and the
 * aliases moved at midnight, retention per family, archives in a snapshot repository (one snapshot per day, verified
 * before an index may be deleted), and restores of archived days under {@code restored-<index>} with the alias
 * {@code events-restored}.
 */
public final class IndexMaintenance {

    /** What retention did, or would do in a dry run, to one index. */
    public record Action(String index, String action, String reason) {
        @Override
        public String toString() {
            return action + " " + index + " (" + reason + ")";
        }
    }

    /** One index of a family as Elasticsearch lists it. */
    public record IndexInfo(String index, Family family, LocalDate lastDay, String status, long documents, String size) {
    }

    /** A verified archive: the snapshot and the indices it holds. */
    public record Archive(String snapshot, List<String> indices) {
        @Override
        public String toString() {
            return "archived " + String.join(", ", indices) + " in " + snapshot + " (verified)";
        }
    }

    /** Where archives go: a registered snapshot repository, created as {@code type} with {@code location} when missing. */
    public record Repository(String name, String type, String location) {
    }

    public static final String RESTORED_PREFIX = "restored-";
    public static final String RESTORED_ALIAS = "events-restored";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofMinutes(30);
    /** Where each day's maintenance is recorded, and how long a container may take it before another takes over. */
    static final String STATE_INDEX = "vigil-indices-state";
    private static final Duration MAINTENANCE_LEASE = Duration.ofHours(1);

    private final Elasticsearch elasticsearch;
    private final Clock clock;
    private final Map<Family, Retention> retention;
    private final Repository repository;
    private final boolean archiveBeforeDelete;
    private final EventIndices events;
    /** The last day rotated, and the last day whose maintenance this process saw done (either: none yet). */
    private volatile LocalDate rotatedOn;
    private volatile LocalDate maintainedOn;

    /**
     * @param retention what to keep of each family (a family not named is kept for good)
     * @param archiveBeforeDelete an index is deleted only once a verified archive holds it
     */
    public IndexMaintenance(Elasticsearch elasticsearch, Clock clock, Map<Family, Retention> retention, Repository repository,
            boolean archiveBeforeDelete) {
        this.elasticsearch = elasticsearch;
        this.clock = clock;
        this.retention = Map.copyOf(retention);
        this.repository = repository;
        this.archiveBeforeDelete = archiveBeforeDelete;
        this.events = new EventIndices(elasticsearch);
    }

    /** As configured: the container's, and the command line's (./vigil indices) with the same names and defaults. */
    public static IndexMaintenance of(Elasticsearch elasticsearch, IndicesConfig config, Clock clock) {
        Map<Family, Retention> retention = new EnumMap<>(Family.class);
        retention.put(Family.EVENTS, new Retention(config.eventsCloseAfterDays(), config.eventsDeleteAfterDays()));
        retention.put(Family.ALERTS, new Retention(config.alertsCloseAfterDays(), config.alertsDeleteAfterDays()));
        retention.put(Family.AUDIT, new Retention(config.auditCloseAfterDays(), config.auditDeleteAfterDays()));
        return new IndexMaintenance(elasticsearch, clock, retention,
                new Repository(config.repository(), config.repositoryType(), config.repositoryLocation()), config.archiveBeforeDelete());
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /**
     * Today's and tomorrow's event indices exist (with the templates) and the aliases point at today, yesterday and the
     * last seven days: idempotent, so it runs at start, at midnight and between, and a container that was down at
     * midnight catches up at its first run. @return today's index
     */
    public String rotate() throws IOException {
        LocalDate today = today();
        // Templates and aliases change with the day: once per day (again after a failure), not at every run.
        if (!today.equals(rotatedOn)) {
            events.installTemplates();
            events.rollTo(today);
            rotatedOn = today;
        }
        create(Family.EVENTS.index(today.plusDays(1)));
        return Family.EVENTS.index(today);
    }

    /**
     * Retention and, with {@code archive}, the archive of yesterday, once a day per cluster, from {@code hour} (UTC) on:
     * the first container to create the day's record in {@code vigil-indices-state} ({@code op_type=create}) does it and
     * marks it done; another takes over only a record not done whose hour lapsed (its container died), so two never run
     * it at once and a day is not skipped because a container was down at that hour. @return what retention did, or
     * {@code null} when it was not this container's to do
     */
    public List<Action> maintainIfDue(int hour, boolean archive, String owner) throws IOException {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
        if (now.getHour() < hour || now.toLocalDate().equals(maintainedOn)) {
            return null;
        }
        String path = "/" + STATE_INDEX + "/_doc/maintenance-" + now.toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE);
        ObjectNode claim = NODES.objectNode().put("owner", owner).put("done", false)
                .put("expires", DateTimeFormatter.ISO_INSTANT.format(now.toInstant().plus(MAINTENANCE_LEASE)));
        Answer created = send("PUT", path + "?op_type=create&refresh=true", claim);
        if (created.status() == 409) {
            Answer current = send("GET", path, null);
            expect(current, "read the maintenance record");
            JsonNode record = current.json();
            JsonNode source = record.path("_source");
            if (source.path("done").asBoolean()) {
                maintainedOn = now.toLocalDate();
                return null;
            }
            if (Instant.parse(source.path("expires").asText()).isAfter(now.toInstant())) {
                return null;
            }
            Answer taken = send("PUT", path + "?refresh=true&if_seq_no=" + record.path("_seq_no").asLong() + "&if_primary_term="
                    + record.path("_primary_term").asLong(), claim);
            if (taken.status() == 409) {
                return null;
            }
            expect(taken, "take the maintenance over");
        } else if (created.status() != 201) {
            throw new IOException("cannot record the day's maintenance: " + created.status() + " " + created.reason());
        }
        if (archive) {
            archive(now.toLocalDate().minusDays(1));
        }
        List<Action> actions = applyRetention(false);
        expect(send("PUT", path + "?refresh=true", claim.put("done", true)), "record the day's maintenance as done");
        maintainedOn = now.toLocalDate();
        return actions;
    }

    /** What {@link #applyRetention} did or would do, for the shell and the command line. */
    public static List<String> report(List<Action> actions, boolean dryRun) {
        List<String> lines = new ArrayList<>();
        actions.forEach(action -> lines.add((dryRun ? "would " : "") + action));
        lines.add(actions.isEmpty() ? "retention: nothing to do" : "retention: " + actions.size() + " indices" + (dryRun ? " (dry run)" : ""));
        return lines;
    }

    /** {@link #list()} as a table, for the shell and the command line. */
    public static List<String> table(List<IndexInfo> indices) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-22s %-7s %-6s %12s %10s", "index", "family", "status", "documents", "size"));
        for (IndexInfo index : indices) {
            lines.add(String.format(Locale.ROOT, "%-22s %-7s %-6s %,12d %10s", index.index(), index.family().name().toLowerCase(Locale.ROOT),
                    index.status(), index.documents(), index.size()));
        }
        return lines;
    }

    /** The indices of every family, oldest first. */
    public List<IndexInfo> list() throws IOException {
        List<IndexInfo> found = new ArrayList<>();
        for (Family family : Family.values()) {
            Answer listed = send("GET", "/_cat/indices/" + family.wildcard() + "?format=json&h=index,status,docs.count,store.size&expand_wildcards=all",
                    null);
            expect(listed, "list the " + family + " indices");
            for (JsonNode index : listed.json()) {
                String name = index.path("index").asText();
                family.lastDay(name).ifPresent(day -> found.add(new IndexInfo(name, family, day, index.path("status").asText(),
                        index.path("docs.count").asLong(0), index.path("store.size").asText(""))));
            }
        }
        found.sort((a, b) -> a.lastDay().equals(b.lastDay()) ? a.index().compareTo(b.index()) : a.lastDay().compareTo(b.lastDay()));
        return found;
    }

    /**
     * Closes and deletes what the retention of each family says (today's and tomorrow's indices never); with
     * {@code dryRun}, only says what it would do. An index to delete that no verified archive holds is kept, and said
     * so, when archive-before-delete is on. A closed index leaves its aliases, which would otherwise fail searches.
     */
    public List<Action> applyRetention(boolean dryRun) throws IOException {
        LocalDate today = today();
        Map<String, Archive> archived = archiveBeforeDelete ? archivedIndices() : Map.of();
        List<Action> actions = new ArrayList<>();
        for (IndexInfo index : list()) {
            Retention kept = retention.get(index.family());
            long age = ChronoUnit.DAYS.between(index.lastDay(), today);
            if (kept == null || age <= 0) {
                continue;
            }
            if (kept.deleteAfterDays() > 0 && age >= kept.deleteAfterDays()) {
                if (archiveBeforeDelete && !archived.containsKey(index.index())) {
                    actions.add(new Action(index.index(), "keep", age + " days old, but no verified archive holds it"));
                    continue;
                }
                actions.add(new Action(index.index(), "delete", age + " days old, delete after " + kept.deleteAfterDays()
                        + (archiveBeforeDelete ? ", archived in " + archived.get(index.index()).snapshot() : "")));
                if (!dryRun) {
                    expect(send("DELETE", "/" + Elasticsearch.encode(index.index()), null), "delete " + index.index());
                }
            } else if (kept.closeAfterDays() > 0 && age >= kept.closeAfterDays() && !"close".equals(index.status())) {
                actions.add(new Action(index.index(), "close", age + " days old, close after " + kept.closeAfterDays()));
                if (!dryRun) {
                    leaveAliases(index.index());
                    expect(send("POST", "/" + Elasticsearch.encode(index.index()) + "/_close", null), "close " + index.index());
                }
            }
        }
        return actions;
    }

    /**
     * Archives the event index of {@code day} (and the month's alerts and audit trail when the month ends that day) as the snapshot
     * {@code vigil-YYYYMMDD}, waits for it and verifies it: every shard of every index stored. A day already
     * archived is not archived again. @return the archive, or {@code null} when the day has no index to archive
     */
    public Archive archive(LocalDate day) throws IOException {
        List<String> indices = new ArrayList<>();
        for (IndexInfo index : list()) {
            if (index.lastDay().equals(day) && "open".equals(index.status())) {
                indices.add(index.index());
            }
        }
        if (indices.isEmpty()) {
            return null;
        }
        ensureRepository();
        String snapshot = "vigil-" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
        JsonNode existing = snapshotInfo(snapshot);
        if (existing == null) {
            ObjectNode body = NODES.objectNode().put("indices", String.join(",", indices)).put("include_global_state", false);
            Answer taken = elasticsearch.send("PUT", "/_snapshot/" + Elasticsearch.encode(repository.name()) + "/" + snapshot + "?wait_for_completion=true",
                    body, SNAPSHOT_TIMEOUT);
            expect(taken, "snapshot " + String.join(", ", indices));
            existing = taken.json().path("snapshot");
        }
        return verified(existing, indices);
    }

    /** The verified archives of the repository, by the index they hold (the newest archive of each). */
    public Map<String, Archive> archivedIndices() throws IOException {
        Map<String, Archive> byIndex = new TreeMap<>();
        Answer listed = send("GET", "/_snapshot/" + Elasticsearch.encode(repository.name()) + "/_all", null);
        if (listed.status() == 404) {
            return byIndex;
        }
        expect(listed, "list the archives");
        for (JsonNode snapshot : listed.json().path("snapshots")) {
            List<String> indices = new ArrayList<>();
            snapshot.path("indices").forEach(index -> indices.add(index.asText()));
            Archive archive = verified(snapshot, indices);
            if (archive != null) {
                indices.forEach(index -> byIndex.put(index, archive));
            }
        }
        return byIndex;
    }

    /**
     * Restores the archived event indices of the days {@code from} to {@code to} as {@code restored-events-YYYYMMDD},
     * searchable through the alias {@code events-restored}, one day at a time, telling {@code progress} as it goes.
     * A day restored already, or without an archive, is said and skipped. @return the indices restored
     */
    public List<String> restore(LocalDate from, LocalDate to, Consumer<String> progress) throws IOException {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        Map<String, Archive> archived = archivedIndices();
        Set<String> present = new HashSet<>();
        Answer listed = send("GET", "/_cat/indices/" + RESTORED_PREFIX + "*?format=json&h=index&expand_wildcards=all", null);
        expect(listed, "list the restored indices");
        listed.json().forEach(index -> present.add(index.path("index").asText()));
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        List<String> restored = new ArrayList<>();
        int done = 0;
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            done++;
            String index = Family.EVENTS.index(day);
            String target = RESTORED_PREFIX + index;
            String step = "[" + done + "/" + days + "] " + index;
            Archive archive = archived.get(index);
            if (archive == null) {
                progress.accept(step + ": no archive holds it, skipped");
                continue;
            }
            if (present.contains(target)) {
                progress.accept(step + ": already restored as " + target);
                continue;
            }
            progress.accept(step + ": restoring from " + archive.snapshot() + " as " + target + "...");
            ObjectNode body = NODES.objectNode().put("indices", index).put("include_global_state", false).put("include_aliases", false)
                    .put("rename_pattern", "(.+)").put("rename_replacement", RESTORED_PREFIX + "$1");
            expect(elasticsearch.send("POST", "/_snapshot/" + Elasticsearch.encode(repository.name()) + "/" + Elasticsearch.encode(archive.snapshot()) + "/_restore?wait_for_completion=true",
                    body, SNAPSHOT_TIMEOUT), "restore " + index);
            ObjectNode alias = NODES.objectNode();
            alias.putArray("actions").addObject().putObject("add").put("index", target).put("alias", RESTORED_ALIAS);
            expect(send("POST", "/_aliases", alias), "add " + target + " to " + RESTORED_ALIAS);
            Answer counted = send("GET", "/" + Elasticsearch.encode(target) + "/_count", null);
            expect(counted, "count " + target);
            progress.accept(String.format(Locale.ROOT, "%s: restored, %,d documents", step, counted.json().path("count").asLong()));
            restored.add(target);
        }
        return restored;
    }

    private void leaveAliases(String index) throws IOException {
        Answer aliases = send("GET", "/" + Elasticsearch.encode(index) + "/_alias", null);
        expect(aliases, "read the aliases of " + index);
        ObjectNode body = NODES.objectNode();
        ArrayNode actions = body.putArray("actions");
        aliases.json().path(index).path("aliases").fieldNames()
                .forEachRemaining(alias -> actions.addObject().putObject("remove").put("index", index).put("alias", alias));
        if (!actions.isEmpty()) {
            expect(send("POST", "/_aliases", body), "take the aliases off " + index);
        }
    }

    private static Archive verified(JsonNode snapshot, List<String> indices) {
        if (snapshot == null || !"SUCCESS".equals(snapshot.path("state").asText()) || snapshot.path("shards").path("failed").asInt(0) != 0) {
            return null;
        }
        List<String> held = new ArrayList<>();
        snapshot.path("indices").forEach(index -> held.add(index.asText()));
        return held.containsAll(indices) ? new Archive(snapshot.path("snapshot").asText(), List.copyOf(indices)) : null;
    }

    private JsonNode snapshotInfo(String snapshot) throws IOException {
        Answer found = send("GET", "/_snapshot/" + Elasticsearch.encode(repository.name()) + "/" + Elasticsearch.encode(snapshot), null);
        if (found.status() == 404) {
            return null;
        }
        expect(found, "read the archive " + snapshot);
        return found.json().path("snapshots").path(0);
    }

    private void ensureRepository() throws IOException {
        String path = "/_snapshot/" + Elasticsearch.encode(repository.name());
        if (send("GET", path, null).status() == 200) {
            return;
        }
        ObjectNode body = NODES.objectNode().put("type", repository.type());
        body.putObject("settings").put("location", repository.location());
        Answer created = send("PUT", path, body);
        if (created.status() != 200) {
            throw new IOException("cannot register the snapshot repository " + repository.name() + " (" + repository.type() + " at "
                    + repository.location() + "; an fs location must be under Elasticsearch's path.repo): " + created.status() + " "
                    + created.reason());
        }
    }

    private void create(String index) throws IOException {
        elasticsearch.ensureIndex(index, null);
    }

    private Answer send(String method, String path, JsonNode body) throws IOException {
        return elasticsearch.send(method, path, body, Duration.ofSeconds(60));
    }

    private static void expect(Answer answer, String what) throws IOException {
        if (answer.status() != 200) {
            throw new IOException("cannot " + what + ": Elasticsearch answered " + answer.status() + " " + answer.reason());
        }
    }
}
