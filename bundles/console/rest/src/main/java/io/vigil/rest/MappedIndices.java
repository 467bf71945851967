package io.vigil.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The REST API's own indices, made with their mappings the first time one is written to. */
final class MappedIndices {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Elastic elastic;
    private final Set<String> made = ConcurrentHashMap.newKeySet();

    MappedIndices(Elastic elastic) {
        this.elastic = elastic;
    }

    /** Makes {@code index} with the mapping of the resource {@code <mapping>-mapping.json}, unless it exists. */
    void ensure(String index, String mapping) throws IOException {
        if (made.contains(index)) {
            return;
        }
        try (InputStream in = MappedIndices.class.getResourceAsStream(mapping + "-mapping.json")) {
            elastic.ensureIndex(index, JSON.readTree(in));
        }
        made.add(index);
    }
}
