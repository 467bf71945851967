package io.vigil.elasticsearch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach Elasticsearch: its URL (a path after the host is a prefix every request keeps), basic credentials or
 * an API key (the base64 {@code id:key} Elasticsearch's {@code _security/api_key} returns as {@code encoded}),
 * and for HTTPS the authority to trust: a PEM file of CA certificates or a truststore (PKCS12 or JKS); neither means
 * the JVM's own. {@code verifyHostname} false accepts a certificate issued for another name (still from a trusted CA).
 *
 * @param username        empty for none
 * @param apiKey          empty for none; takes precedence over a username
 * @param caFile          {@code null} for none
 * @param truststore      {@code null} for none
 */
public record Connection(URI url, String username, String password, String apiKey, Path caFile, Path truststore,
        String truststorePassword, boolean verifyHostname, Duration connectTimeout, Duration requestTimeout) {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public Connection {
        if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null) {
            throw new IllegalArgumentException("Elasticsearch's url must be http://host:port or https://host:port (with a path prefix "
                    + "if any), not '" + url + "'");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("put Elasticsearch's credentials in username/password or apiKey, not in the url");
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        apiKey = apiKey == null ? "" : apiKey;
        truststorePassword = truststorePassword == null ? "" : truststorePassword;
    }

    /** An Elasticsearch without security (a development or test one): no credentials, the JVM's trust, default timeouts. */
    public static Connection to(String url) {
        return new Connection(URI.create(url), "", "", "", null, null, "", true, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    }

    /** The URL for messages and logs; credentials never appear in it. */
    @Override
    public String toString() {
        return url + (apiKey.isEmpty() ? username.isEmpty() ? "" : " as " + username : " with an API key");
    }
}
