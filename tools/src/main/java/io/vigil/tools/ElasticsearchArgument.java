package io.vigil.tools;

import io.vigil.elasticsearch.Connection;
import io.vigil.elasticsearch.Elasticsearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * The Elasticsearch a command-line tool is given by URL, reached with the settings of the same environment variables
 * {@code etc/io.vigil.elasticsearch.cfg} reads (VIGIL_ES_USERNAME, VIGIL_ES_PASSWORD, VIGIL_ES_API_KEY, VIGIL_ES_CA_FILE,
 * VIGIL_ES_TRUSTSTORE, VIGIL_ES_TRUSTSTORE_PASSWORD, VIGIL_ES_VERIFY_HOSTNAME), so that a tool reaches what the container does.
 */
final class ElasticsearchArgument {

    private ElasticsearchArgument() {
    }

    static Elasticsearch connect(String url) {
        try {
            return Elasticsearch.connect(new Connection(URI.create(url), env("VIGIL_ES_USERNAME"), env("VIGIL_ES_PASSWORD"), env("VIGIL_ES_API_KEY"),
                    file("VIGIL_ES_CA_FILE"), file("VIGIL_ES_TRUSTSTORE"), env("VIGIL_ES_TRUSTSTORE_PASSWORD"),
                    !"false".equalsIgnoreCase(env("VIGIL_ES_VERIFY_HOSTNAME")), Connection.CONNECT_TIMEOUT, Connection.REQUEST_TIMEOUT.multipliedBy(2)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value.trim();
    }

    private static Path file(String name) {
        String value = env(name);
        return value.isEmpty() ? null : Path.of(value);
    }
}
