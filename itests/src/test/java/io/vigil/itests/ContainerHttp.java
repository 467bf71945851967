package io.vigil.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.console.SessionFactory;

/**
 * HTTP for test code that runs inside the container. Blocking {@link HttpURLConnection}, one connection per call,
 * instead of {@code java.net.http.HttpClient}, which inside the container reports even a refused connection as a bare
 * {@code ClosedChannelException} (seen here): CI failed a whole class with that and nothing else to go on.
 */
final class ContainerHttp {

    private static final int TIMEOUT = (int) Duration.ofSeconds(30).toMillis();

    record Answer(int status, String body) {
    }

    private ContainerHttp() {
    }

    static Answer get(String url) throws IOException {
        return call(url, "GET", null, null);
    }

    static Answer delete(String url) throws IOException {
        return call(url, "DELETE", null, null);
    }

    static Answer post(String url, String contentType, String body) throws IOException {
        return call(url, "POST", contentType, body);
    }

    private static Answer call(String url, String method, String contentType, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        try {
            connection.setConnectTimeout(TIMEOUT);
            connection.setReadTimeout(TIMEOUT);
            connection.setRequestMethod(method);
            if (body != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", contentType);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = connection.getResponseCode();
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            connection.disconnect();
        }
    }

    /**
     * Waits until the container's HTTP input answers {@code /status} (its features are up before it listens); if it
     * never does, the failure says which of Vigil's components are not active, as {@code scr:list} shows them.
     */
    static void awaitStatus(String port, Duration timeout, SessionFactory sessions) throws Exception {
        try {
            Eventually.within(timeout, () -> {
                Answer status = get("http://127.0.0.1:" + port + "/status");
                if (status.status() != 200) {
                    throw new AssertionError("/status answered " + status.status() + ": " + status.body());
                }
            });
        } catch (Exception | AssertionError e) {
            String inactive = VigilContainer.shell(sessions, "scr:list").lines()
                    .filter(line -> line.contains("io.vigil") && !line.contains("ACTIVE")).map(String::trim).collect(Collectors.joining("; "));
            throw new AssertionError("the HTTP input on port " + port + " never answered /status (" + e + "); components not active: "
                    + (inactive.isEmpty() ? "none" : inactive), e);
        }
    }
}
