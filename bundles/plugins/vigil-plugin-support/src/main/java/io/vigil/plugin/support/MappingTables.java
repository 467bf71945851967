package io.vigil.plugin.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The mapping tables MozDef keeps in YAML ({@code github_mapping.yml}, {@code zoom_mapping.yml}...): a plugin ships
 * its table in the bundle, and a file named in its configuration replaces it, so an existing MozDef table can be
 * used as it is.
 */
public final class MappingTables {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private MappingTables() {
    }

    /**
     * @param owner     the plugin class; its bundle holds {@code resource} next to it
     * @param resource  the bundled table, a name relative to the plugin's package
     * @param file      a YAML file replacing the bundled table, or blank for the bundled one
     */
    public static JsonNode load(Class<?> owner, String resource, String file) {
        try {
            if (file != null && !file.isBlank()) {
                try (InputStream in = Files.newInputStream(Path.of(file.trim()))) {
                    return YAML.readTree(in);
                }
            }
            try (InputStream in = owner.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("mapping table " + resource + " missing from the bundle of " + owner.getName());
                }
                return YAML.readTree(in);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read mapping table " + (file == null || file.isBlank() ? resource : file)
                    + ": " + e.getMessage(), e);
        }
    }
}
