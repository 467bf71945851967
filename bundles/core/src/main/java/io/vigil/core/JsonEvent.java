package io.vigil.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.Metadata;

/** The event and metadata that travel through the plugin chain together. */
public final class JsonEvent implements Event, Metadata {

    private ObjectNode document;
    private String index;
    private String id;

    public JsonEvent(ObjectNode document, String index, String id) {
        this.document = document;
        this.index = index;
        this.id = id;
    }

    @Override
    public ObjectNode document() {
        return document;
    }

    void document(ObjectNode replacement) {
        this.document = replacement;
    }

    @Override
    public String index() {
        return index;
    }

    @Override
    public void index(String index) {
        this.index = index;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void id(String id) {
        this.id = id;
    }
}
