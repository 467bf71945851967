package io.vigil.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Elasticsearch's answer to one request: its status and body, parsed ({@link com.fasterxml.jackson.databind.node.MissingNode}
 * when there was none; a text node when it was not JSON, such as a proxy's error page).
 */
public record Answer(int status, JsonNode json) {

    public boolean ok() {
        return status / 100 == 2;
    }

    /** What Elasticsearch said was wrong: the first root cause's reason, the error's, or the whole body. */
    public String reason() {
        JsonNode error = json.path("error");
        String reason = error.path("root_cause").path(0).path("reason").asText(error.path("reason").asText(""));
        if (reason.isEmpty() && error.isTextual()) {
            reason = error.asText();
        }
        return reason.isEmpty() ? (json.isTextual() ? json.asText() : json.toString()) : reason;
    }

    /** The error's type ({@code resource_already_exists_exception}, {@code version_conflict_engine_exception}), or "". */
    public String errorType() {
        return json.path("error").path("type").asText("");
    }
}
