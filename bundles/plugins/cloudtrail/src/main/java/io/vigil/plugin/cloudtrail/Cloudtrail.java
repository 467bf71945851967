package io.vigil.plugin.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import io.vigil.support.PythonJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * MozDef's {@code cloudtrail}: fields CloudTrail sends with a different type from one event to the next (listed in
 * {@code raw-value-keys.txt}) are stored as JSON text in {@code {"raw_value": ...}}, and SES HTML bodies are cut to
 * what Elasticsearch indexes.
 */
@Component(property = {
    EventPlugin.NAME + "=cloudtrail",
    EventPlugin.REGISTRATION + "=cloudtrail",
    EventPlugin.PRIORITY + ":Integer=10",
    EventPlugin.DESCRIPTION + "=CloudTrail: polymorphic fields wrapped as {raw_value: json}, requestparameters.htmlpart cut to 4095 characters"
})
public class Cloudtrail implements EventPlugin {

    static final int FIELD_VALUE_LIMIT = 4095;

    private static final List<String[]> RAW_VALUE_KEYS = keys();

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        if (!Fields.is(document, "source", "cloudtrail")) {
            return true;
        }
        JsonNode parameters = Fields.at(document, "details.requestparameters");
        String html = Fields.text(parameters, "htmlpart");
        if (html != null) {
            ((ObjectNode) parameters).put("htmlpart", Fields.truncate(html, FIELD_VALUE_LIMIT, ""));
        }
        for (String[] path : RAW_VALUE_KEYS) {
            JsonNode parent = document;
            for (int i = 0; i < path.length - 1 && parent != null; i++) {
                parent = parent.get(path[i]);
            }
            if (parent instanceof ObjectNode object && object.has(path[path.length - 1])) {
                String key = path[path.length - 1];
                object.set(key, JsonNodeFactory.instance.objectNode().put("raw_value", PythonJson.dumps(object.get(key))));
            }
        }
        return true;
    }

    private static List<String[]> keys() {
        try (InputStream in = Cloudtrail.class.getResourceAsStream("raw-value-keys.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.split("\\.")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
