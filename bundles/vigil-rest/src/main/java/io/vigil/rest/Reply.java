package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** What a route answers: status, content type, body, and any further headers. */
record Reply(int status, String contentType, String body, Map<String, String> headers) {

    static Reply json(int status, JsonNode body) {
        return new Reply(status, "application/json", body.toString(), Map.of());
    }

    static Reply ok(JsonNode body) {
        return json(200, body);
    }

    static Reply text(int status, String body) {
        return new Reply(status, "text/plain; charset=utf-8", body, Map.of());
    }

    Reply with(String header, String value) {
        var more = new java.util.LinkedHashMap<>(headers);
        more.put(header, value);
        return new Reply(status, contentType, body, Map.copyOf(more));
    }
}
