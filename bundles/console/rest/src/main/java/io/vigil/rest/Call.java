package io.vigil.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request as a route sees it: the path's parameters ({@code {id}}), the query, the headers (lower-case names),
 * the body, who is asking ({@code null} on the routes open to all) and, from the console, its session; the client's
 * address.
 */
record Call(String method, String path, Map<String, String> parameters, Map<String, String> query, Map<String, String> headers, String body,
        User user, Sessions.Session session, String address) {

    private static final ObjectMapper JSON = new ObjectMapper();

    String parameter(String name) {
        return parameters.get(name);
    }

    String query(String name, String otherwise) {
        String value = query.get(name);
        return value == null || value.isEmpty() ? otherwise : value;
    }

    int query(String name, int otherwise, int min, int max) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw HttpError.badRequest(name + " must be from " + min + " to " + max + ", not " + number);
            }
            return number;
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(name + " must be a whole number, not '" + value + "'");
        }
    }

    /** The exact-value filters among {@code fields} that the query gives a value. */
    Map<String, String> filters(String... fields) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String field : fields) {
            String value = query(field, "");
            if (!value.isEmpty()) {
                filters.put(field, value);
            }
        }
        return filters;
    }

    /** The body as JSON; a missing or malformed one is the caller's error, said so. */
    JsonNode json() {
        if (body == null || body.isBlank()) {
            throw HttpError.badRequest("a JSON body is required");
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    /** The body as a JSON object. */
    JsonNode object() {
        JsonNode json = json();
        if (!json.isObject()) {
            throw HttpError.badRequest("the body must be a JSON object");
        }
        return json;
    }

    String userName() {
        return user == null ? "" : user.name();
    }
}
