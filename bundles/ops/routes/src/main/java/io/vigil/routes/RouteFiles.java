package io.vigil.routes;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Keeps a Camel context in step with a folder of route files: a new file's routes are added, a changed file's
 * routes replaced, a deleted file's routes removed, and the routes of the other files never touched. Each file
 * is loaded on its own, so one bad file spoils only itself (its routes stay out until it is fixed).
 */
final class RouteFiles {

    static final String PATTERN = "*.xml";

    /**
     * A file by its content (a modification time may not change within a second), the routes it gave, and the
     * processors its routes were built with, by the name they refer to ({@code <process ref="..."/>}).
     */
    private record Loaded(long checksum, Set<String> routeIds, Map<String, Object> processors) {
    }

    private static final Pattern REFERENCE = Pattern.compile("ref=\"([^\"]+)\"");

    /** A checksum no file has (CRC32 is unsigned 32-bit): the file loads again at the next sync, however often it is marked. */
    private static final long STALE = -1L;

    private final CamelContext context;
    private final Path directory;
    private final Map<Path, Loaded> loaded = new HashMap<>();
    private final Set<Path> failed = new HashSet<>();
    private boolean pending;

    RouteFiles(CamelContext context, Path directory) {
        this.context = context;
        this.directory = directory;
    }

    /** Brings the context in line with the folder; @return the files that failed to load, with the reason. */
    synchronized Map<Path, Exception> sync() throws IOException {
        pending = false;
        Map<Path, Exception> failures = new LinkedHashMap<>();
        Set<Path> present = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PATTERN)) {
            files.forEach(present::add);
        }
        for (Path gone : Set.copyOf(loaded.keySet())) {
            if (!present.contains(gone)) {
                unload(gone);
            }
        }
        for (Path file : present) {
            CRC32 crc = new CRC32();
            crc.update(Files.readAllBytes(file));
            long checksum = crc.getValue();
            Loaded before = loaded.get(file);
            if (before != null && before.checksum() == checksum) {
                continue;
            }
            unload(file);
            Set<String> existing = routeIds();
            failed.remove(file);
            try {
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath()));
            } catch (Exception e) {
                failures.put(file, e);
                failed.add(file);
            }
            Set<String> added = routeIds();
            added.removeAll(existing);
            // Remembered even when it failed, so a broken file is tried again only once it changes.
            loaded.put(file, new Loaded(checksum, added, failed.contains(file) ? Map.of() : processors(file)));
        }
        return failures;
    }

    /**
     * A processor (or a bean the routes name, such as a listener's TLS) arrived or left: the files whose routes hold another one of that name (arrived) or this one (left)
     * load again at the next {@link #sync()}, and on an arrival so do the files that failed and name it (they may have
     * waited for it). A file loaded with the very processor that is announced is left alone, so routes do not restart at boot.
     */
    synchronized void processorChanged(String name, Object processor, boolean arrived) {
        boolean[] stale = {false};
        loaded.replaceAll((path, state) -> {
            boolean holds = state.processors().containsKey(name);
            Object bound = state.processors().get(name);
            if (arrived && failed.contains(path) && mentions(path, name) || holds && (arrived ? bound != processor : bound == processor)) {
                stale[0] = true;
                return new Loaded(STALE, state.routeIds(), state.processors());
            }
            return state;
        });
        pending |= stale[0];
    }

    private static boolean mentions(Path file, String name) {
        try {
            String text = Files.readString(file);
            // As a processor (ref="name") or as a bean in an endpoint's options (=#name&, =#name").
            return text.contains("ref=\"" + name + "\"") || Pattern.compile("#" + Pattern.quote(name) + "(?![\\w.-])").matcher(text).find();
        } catch (IOException e) {
            // Unreadable now: the next sync reports it.
            return true;
        }
    }

    /** The processors a file's routes refer to, as the registry gives them now (what its routes were just built with). */
    private Map<String, Object> processors(Path file) {
        Map<String, Object> processors = new HashMap<>();
        try {
            Matcher references = REFERENCE.matcher(Files.readString(file));
            while (references.find()) {
                Object processor = context.getRegistry().lookupByName(references.group(1));
                if (processor != null) {
                    processors.put(references.group(1), processor);
                }
            }
        } catch (IOException e) {
            // Unreadable now: the next sync reports it; without processors the file is not reloaded for one.
        }
        return processors;
    }

    /** Whether files wait to be loaded again ({@link #processorChanged}). */
    synchronized boolean waiting() {
        return pending;
    }

    synchronized Set<String> routesOf(Path file) {
        Loaded state = loaded.get(file);
        return state == null ? Set.of() : Set.copyOf(state.routeIds());
    }

    private void unload(Path file) {
        Loaded state = loaded.remove(file);
        if (state == null) {
            return;
        }
        for (String id : state.routeIds()) {
            try {
                context.getRouteController().stopRoute(id);
                context.removeRoute(id);
            } catch (Exception e) {
                throw new IllegalStateException("cannot remove route " + id + " of " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private Set<String> routeIds() {
        List<Route> routes = context.getRoutes();
        return routes.stream().map(Route::getRouteId).collect(Collectors.toCollection(HashSet::new));
    }
}
