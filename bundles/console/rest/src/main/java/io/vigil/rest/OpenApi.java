package io.vigil.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The OpenAPI 3.1 document of the route table: every route, its role, its path parameters. */
final class OpenApi {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PARAMETER = Pattern.compile("\\{(\\w+)}");

    private OpenApi() {
    }

    static ObjectNode of(Api api, String version) {
        ObjectNode doc = NODES.objectNode().put("openapi", "3.1.0");
        doc.putObject("info").put("title", "Vigil REST API").put("version", version)
                .put("description", "Errors are {\"error\": reason}. Sign in with HTTP Basic; roles viewer < handler < admin. Edits of incidents name their version (If-Match).");
        doc.putObject("components").putObject("securitySchemes").putObject("basic").put("type", "http").put("scheme", "basic");
        ObjectNode paths = doc.putObject("paths");
        for (Api.Route route : api.routes()) {
            // Not paths.with(template): Jackson reads a name starting with '/' as a JSON pointer.
            ObjectNode path = paths.has(route.template()) ? (ObjectNode) paths.get(route.template()) : paths.putObject(route.template());
            ObjectNode operation = path.putObject(route.method().toLowerCase(Locale.ROOT));
            operation.put("summary", route.summary());
            operation.put("x-vigil-role", route.role() == null ? "none" : route.role().label());
            ArrayNode security = operation.putArray("security");
            if (route.role() != null) {
                security.addObject().putArray("basic");
            }
            Matcher parameter = PARAMETER.matcher(route.template());
            ArrayNode parameters = operation.putArray("parameters");
            while (parameter.find()) {
                parameters.addObject().put("name", parameter.group(1)).put("in", "path").put("required", true).putObject("schema").put("type", "string");
            }
            ObjectNode responses = operation.putObject("responses");
            responses.putObject("200").put("description", "done");
            if (route.role() != null) {
                responses.putObject("401").put("description", "not signed in");
                responses.putObject("403").put("description", "signed in without the role " + route.role().label());
            }
            responses.putObject("400").put("description", "refused, with the reason");
        }
        return doc;
    }
}
