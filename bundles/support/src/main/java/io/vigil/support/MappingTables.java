package io.vigil.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

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

    /**
     * Fills {@code target} from one section of a table ({@code field: dotted.path.in.source}); paths that lead
     * nowhere or to {@code null} add nothing, as JMESPath's {@code None} did in MozDef.
     */
    public static void apply(JsonNode section, JsonNode source, ObjectNode target) {
        for (Iterator<Map.Entry<String, JsonNode>> entries = section.fields(); entries.hasNext();) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode value = Fields.at(source, entry.getValue().asText());
            if (!value.isMissingNode() && !value.isNull()) {
                target.set(entry.getKey(), value);
            }
        }
    }
}
