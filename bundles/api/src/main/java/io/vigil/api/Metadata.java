package io.vigil.api;

import org.osgi.annotation.versioning.ProviderType;

/** Where an event goes: MozDef's {@code metadata} dict ({@code index}, {@code id}). */
@ProviderType
public interface Metadata {

    String index();

    void index(String index);

    /** The document id, or {@code null} to let Elasticsearch choose one. */
    String id();

    void id(String id);
}
