package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The REST API's own indices, made with their mappings the first time one is written to. */
final class Indices {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Elastic elastic;
    private final Set<String> made = ConcurrentHashMap.newKeySet();

    Indices(Elastic elastic) {
        this.elastic = elastic;
    }

    /** Makes {@code index} with the mapping of the resource {@code <mapping>-mapping.json}, unless it exists. */
    void ensure(String index, String mapping) throws IOException {
        if (made.contains(index)) {
            return;
        }
        Elastic.Answer exists = elastic.send("HEAD", "/" + index, null);
        if (exists.status() == 404) {
            JsonNode body;
            try (InputStream in = Indices.class.getResourceAsStream(mapping + "-mapping.json")) {
                body = JSON.readTree(in);
            }
            Elastic.Answer answer = elastic.send("PUT", "/" + index, body);
            if (!answer.ok() && !Elastic.reason(answer.json()).contains("already exists")) {
                throw new IOException("making index " + index + " answered " + answer.status() + ": " + Elastic.reason(answer.json()));
            }
        } else if (!exists.ok()) {
            throw new IOException("index " + index + " answered " + exists.status());
        }
        made.add(index);
    }
}
