package io.vigil.elasticsearch.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.elasticsearch.Answer;
import io.vigil.elasticsearch.Connection;
import io.vigil.elasticsearch.Elasticsearch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code io.vigil.elasticsearch} configuration as the one {@link Elasticsearch} service. A changed setting (a
 * rotated password, a new CA) takes effect on the next request without restarting the stores that use it.
 */
@Component(name = "io.vigil.elasticsearch", service = Elasticsearch.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ElasticsearchConfig.class)
public class ElasticsearchComponent implements Elasticsearch {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchComponent.class);

    private volatile HttpElasticsearch current;

    @Activate
    @Modified
    void configure(ElasticsearchConfig config) throws IOException {
        current = new HttpElasticsearch(connection(config));
        LOG.info("Elasticsearch at {}", current.describe());
    }

    static Connection connection(ElasticsearchConfig config) {
        return new Connection(URI.create(config.url().trim()), config.username(), config.password(), config.apiKey(),
                file(config.caFile()), file(config.truststore()), config.truststorePassword(), config.verifyHostname(),
                Duration.ofSeconds(config.connectTimeoutSeconds()), Duration.ofSeconds(config.requestTimeoutSeconds()));
    }

    private static Path file(String value) {
        return value == null || value.isBlank() ? null : Path.of(value.trim());
    }

    @Override
    public Answer send(String method, String path, JsonNode body) throws IOException {
        return current.send(method, path, body);
    }

    @Override
    public Answer send(String method, String path, JsonNode body, Duration timeout) throws IOException {
        return current.send(method, path, body, timeout);
    }

    @Override
    public Answer send(String method, String path, String contentType, byte[] body) throws IOException {
        return current.send(method, path, contentType, body);
    }

    @Override
    public JsonNode ok(String method, String path, JsonNode body) throws IOException {
        return current.ok(method, path, body);
    }

    @Override
    public JsonNode search(Collection<String> indices, JsonNode body) throws IOException {
        return current.search(indices, body);
    }

    @Override
    public long count(Collection<String> indices, JsonNode query) throws IOException {
        return current.count(indices, query);
    }

    @Override
    public boolean ensureIndex(String name, JsonNode body) throws IOException {
        return current.ensureIndex(name, body);
    }

    @Override
    public void putTemplate(String name, JsonNode body) throws IOException {
        current.putTemplate(name, body);
    }

    @Override
    public HttpRequest.Builder request(String path) {
        return current.request(path);
    }

    @Override
    public HttpClient client() {
        return current.client();
    }

    @Override
    public String describe() {
        return current.describe();
    }
}
