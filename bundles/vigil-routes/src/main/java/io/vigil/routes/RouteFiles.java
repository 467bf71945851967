package io.vigil.routes;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/** Loads the route files of a folder into a Camel context, one file at a time, so one bad file spoils only itself. */
final class RouteFiles {

    static final String PATTERN = "*.xml";

    private RouteFiles() {
    }

    /** @return the files that failed to load, each with the reason */
    static Map<Path, Exception> load(CamelContext context, Path directory) throws IOException {
        Map<Path, Exception> failures = new LinkedHashMap<>();
        for (Path file : list(directory)) {
            try {
                PluginHelper.getRoutesLoader(context)
                        .loadRoutes(ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath()));
            } catch (Exception e) {
                failures.put(file, e);
            }
        }
        return failures;
    }

    static List<Path> list(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, PATTERN)) {
            stream.forEach(files::add);
        }
        files.sort(null);
        return files;
    }
}
