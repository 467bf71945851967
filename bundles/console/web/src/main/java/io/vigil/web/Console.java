package io.vigil.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The console's files: the app under {@code console/} and its libraries as WebJars under {@code /ui/webjars/}, both
 * from the bundle, answered with a content type, an ETag and the headers that keep the page from being framed or
 * running anything but its own scripts.
 */
final class Console {

    static final String BASE = "/ui/";

    /**
     * Scripts and styles from this origin only (no inline script, so an injected field value cannot run), the data
     * from this origin's API, and no framing (clickjacking of the escalate and block buttons).
     */
    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                    + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json",
            "txt", "text/plain; charset=utf-8");

    record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {

        static Answer text(int status, String text, Map<String, String> headers) {
            return new Answer(status, TYPES.get("txt"), text.getBytes(StandardCharsets.UTF_8), headers);
        }
    }

    private record File(byte[] bytes, String etag) {
    }

    private final Function<String, InputStream> resources;
    /** The files read so far: only those there, so requests for made-up names cannot grow it. */
    private final Map<String, File> files = new ConcurrentHashMap<>();

    /** {@code resources} opens a resource of the bundle by name, or answers null. */
    Console(Function<String, InputStream> resources) {
        this.resources = resources;
    }

    Answer answer(String method, String path, String ifNoneMatch) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Answer.text(405, "The console is read with GET; changes go through /api/", Map.of("Allow", "GET, HEAD"));
        }
        if (path.equals("/ui")) {
            return new Answer(302, TYPES.get("txt"), new byte[0], Map.of("Location", BASE));
        }
        Optional<String> name = resource(path);
        Optional<File> file = name.map(found -> files.computeIfAbsent(found, this::load));
        if (file.isEmpty()) {
            return Answer.text(404, "No such page: " + path + " (the console is at " + BASE + ")", Map.of());
        }
        String type = TYPES.getOrDefault(extension(name.get()), "application/octet-stream");
        // Revalidated each time: an upgraded bundle's files are seen at once, an unchanged one costs a 304.
        Map<String, String> headers = Map.of("ETag", file.get().etag(), "Cache-Control", "no-cache");
        if (file.get().etag().equals(ifNoneMatch)) {
            return new Answer(304, type, new byte[0], headers);
        }
        return new Answer(200, type, "HEAD".equals(method) ? new byte[0] : file.get().bytes(), headers);
    }

    /** The resource a path names, if it is one of the console's: no way out of its two folders. */
    static Optional<String> resource(String path) {
        if (!path.startsWith(BASE) || path.contains("\\") || path.contains("%") || path.contains("//")) {
            return Optional.empty();
        }
        String rest = path.substring(BASE.length());
        for (String segment : rest.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".") || segment.startsWith(".") && !segment.isEmpty()) {
                return Optional.empty();
            }
        }
        if (rest.isEmpty()) {
            return Optional.of("console/index.html");
        }
        if (rest.endsWith("/")) {
            return Optional.empty();
        }
        return Optional.of(rest.startsWith("webjars/") ? "META-INF/resources/" + rest : "console/" + rest);
    }

    /** The named resource, or null when the bundle has none (then nothing is kept). */
    private File load(String name) {
        try (InputStream in = resources.apply(name)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new File(bytes, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every Java", e);
        }
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }
}
