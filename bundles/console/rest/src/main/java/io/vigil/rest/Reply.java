package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/**
 * What a route answers: status, content type, body, and any further headers; or a stream of server-sent events,
 * written while the client listens.
 */
record Reply(int status, String contentType, String body, Map<String, String> headers, Stream stream) {

    /** Writes events until the client or the server goes. */
    @FunctionalInterface
    interface Stream {
        void run(Sink sink) throws IOException, InterruptedException;
    }

    /** Where a stream writes: each event is flushed at once. */
    interface Sink {
        void send(String event, JsonNode data) throws IOException;

        /** An SSE comment, which keeps proxies and browsers from closing an idle stream. */
        void comment(String text) throws IOException;
    }

    Reply(int status, String contentType, String body, Map<String, String> headers) {
        this(status, contentType, body, headers, null);
    }

    static Reply events(Stream stream) {
        return new Reply(200, "text/event-stream; charset=utf-8", "", Map.of(), stream);
    }

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
        return new Reply(status, contentType, body, Map.copyOf(more), stream);
    }
}
