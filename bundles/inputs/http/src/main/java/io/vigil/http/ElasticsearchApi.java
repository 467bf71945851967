package io.vigil.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Elasticsearch's REST API the input port answers, so that clients and shippers written for Elasticsearch
 * work unchanged: which call a request is ({@link #route}), and answers in Elasticsearch's shapes and media types.
 * The index a client names is read and answered with, but decides nothing: events go to Vigil's daily indices.
 */
final class ElasticsearchApi {

    /**
     * What a request asks: the cluster's information, licence or health; to install a template, lifecycle policy or
     * data stream (acknowledged, and kept by nobody: Vigil keeps its own index layout); a bulk; one document (with an
     * id or not, created or indexed); or something not offered ({@link Call#status()} and {@link Call#reason()}).
     */
    enum Kind { INFO, LICENSE, HEALTH, ACKNOWLEDGE, BULK, INDEX, CREATE, UNKNOWN }

    /** What shippers install at start (Beats, Logstash): accepted so their default setup passes, and not kept. */
    private static final List<String> SETUP = List.of("_index_template", "_template", "_component_template", "_data_stream");

    record Call(Kind kind, String index, String id, int status, String reason) {
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The version Vigil presents: clients of 8 and 9 accept it, and shippers that branch on it take their 8.x paths. */
    static final String VERSION = "8.17.0";
    private static final Pattern COMPATIBLE = Pattern.compile("compatible-with=(\\d+)");

    private ElasticsearchApi() {
    }

    static Call route(String method, String rawPath) {
        List<String> segments = segments(rawPath);
        boolean read = method.equals("GET") || method.equals("HEAD");
        boolean write = method.equals("POST") || method.equals("PUT");
        int size = segments.size();
        if (size == 0) {
            return read ? new Call(Kind.INFO, null, null, 200, null) : wrongMethod(method, rawPath, "GET, HEAD");
        }
        if (size == 1 && segments.get(0).equals("_license")) {
            return read ? new Call(Kind.LICENSE, null, null, 200, null) : wrongMethod(method, rawPath, "GET");
        }
        if (size == 2 && segments.get(0).equals("_cluster") && segments.get(1).equals("health")) {
            return read ? new Call(Kind.HEALTH, null, null, 200, null) : wrongMethod(method, rawPath, "GET");
        }
        boolean setup = size == 2 && SETUP.contains(segments.get(0)) || size == 3 && segments.get(0).equals("_ilm") && segments.get(1).equals("policy");
        if (setup) {
            // Asked for, they are not there (so a shipper installs them); installed, they are acknowledged.
            return write ? new Call(Kind.ACKNOWLEDGE, null, null, 200, null) : read
                    ? new Call(Kind.UNKNOWN, null, null, 404, segments.get(size - 1) + " not found: Vigil keeps its own index layout and accepts "
                            + "templates, lifecycle policies and data streams without keeping them") : wrongMethod(method, rawPath, "GET, PUT");
        }
        boolean bulk = size == 1 && segments.get(0).equals("_bulk") || size == 2 && segments.get(1).equals("_bulk") && !segments.get(0).startsWith("_");
        if (bulk) {
            return write ? new Call(Kind.BULK, size == 2 ? segments.get(0) : null, null, 200, null) : wrongMethod(method, rawPath, "POST, PUT");
        }
        if (size >= 2 && !segments.get(0).startsWith("_") && (segments.get(1).equals("_doc") || segments.get(1).equals("_create"))) {
            boolean create = segments.get(1).equals("_create");
            if (size == 2 && !create) {
                return method.equals("POST") ? new Call(Kind.INDEX, segments.get(0), null, 200, null) : wrongMethod(method, rawPath, "POST");
            }
            if (size == 3) {
                return write ? new Call(create ? Kind.CREATE : Kind.INDEX, segments.get(0), segments.get(2), 200, null)
                        : read || method.equals("DELETE") ? refused(405, "Vigil's event store is append-only and not searched through this port: "
                                + method + " " + rawPath + " is not offered; search with the REST API") : wrongMethod(method, rawPath, "PUT, POST");
            }
        }
        return refused(400, "no handler found for uri [" + rawPath + "] and method [" + method + "]");
    }

    private static Call wrongMethod(String method, String path, String allowed) {
        return refused(405, "Incorrect HTTP method for uri [" + path + "] and method [" + method + "], allowed: [" + allowed + "]");
    }

    private static Call refused(int status, String reason) {
        return new Call(Kind.UNKNOWN, null, null, status, reason);
    }

    private static List<String> segments(String rawPath) {
        String path = rawPath == null ? "/" : rawPath;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    /** What {@code GET /} answers; Beats, Logstash, Fluent Bit, Vector and the official clients ask it first. */
    static ObjectNode info() {
        ObjectNode info = JSON.objectNode().put("name", "vigil").put("cluster_name", "vigil").put("cluster_uuid", "vigil");
        // Every field of Elasticsearch 8.17.0's own: the Java client refuses an answer without its build date and hash.
        info.putObject("version").put("number", VERSION).put("build_flavor", "default").put("build_type", "tar")
                .put("build_hash", "2b6a7fed44faa321997703718f07ee0420804b41").put("build_date", "2024-12-11T12:08:05.663969764Z")
                .put("build_snapshot", false).put("lucene_version", "9.12.0").put("minimum_wire_compatibility_version", "7.17.0")
                .put("minimum_index_compatibility_version", "7.0.0");
        return info.put("tagline", "You Know, for Search");
    }

    /** A basic licence, as Elasticsearch's free distribution reports; Logstash and Beats read it at start. */
    static ObjectNode license() {
        ObjectNode answer = JSON.objectNode();
        answer.putObject("license").put("status", "active").put("uid", "vigil").put("type", "basic").put("issue_date_in_millis", 0)
                .put("max_nodes", 1000).put("max_resource_units", (String) null).put("issued_to", "vigil").put("issuer", "elasticsearch")
                .put("start_date_in_millis", -1);
        return answer;
    }

    /** A one-node cluster in good health: what Vector's and Logstash's health checks read. */
    static ObjectNode health() {
        return JSON.objectNode().put("cluster_name", "vigil").put("status", "green").put("timed_out", false).put("number_of_nodes", 1)
                .put("number_of_data_nodes", 1).put("active_primary_shards", 1).put("active_shards", 1).put("unassigned_shards", 0);
    }

    static ObjectNode acknowledged() {
        return JSON.objectNode().put("acknowledged", true);
    }

    /** Elasticsearch's error answer: {@code {"error":{"root_cause":[…],"type":…,"reason":…},"status":…}}. */
    static ObjectNode error(int status, String type, String reason) {
        ObjectNode answer = JSON.objectNode();
        ObjectNode error = answer.putObject("error");
        error.putArray("root_cause").addObject().put("type", type).put("reason", reason);
        error.put("type", type).put("reason", reason);
        return answer.put("status", status);
    }

    /** The error type Elasticsearch names for a refusal of this status. */
    static String errorType(int status) {
        return switch (status) {
            case 401 -> "security_exception";
            case 404 -> "resource_not_found_exception";
            case 405 -> "method_not_allowed_exception";
            case 409 -> "version_conflict_engine_exception";
            case 413 -> "content_too_long_exception";
            case 415 -> "media_type_header_exception";
            case 429 -> "es_rejected_execution_exception";
            case 503 -> "unavailable_shards_exception";
            default -> status == 400 ? "illegal_argument_exception" : "exception";
        };
    }

    /**
     * The media type of an answer: Elasticsearch's versioned JSON when the request asked for it
     * ({@code Accept} or {@code Content-Type} with {@code compatible-with=8} or {@code 9}, as the official clients send),
     * plain JSON otherwise.
     */
    static String contentType(String accept, String contentType) {
        for (String header : new String[] {accept, contentType}) {
            if (header != null && header.toLowerCase(Locale.ROOT).contains("vnd.elasticsearch")) {
                Matcher version = COMPATIBLE.matcher(header);
                if (version.find()) {
                    return "application/vnd.elasticsearch+json;compatible-with=" + version.group(1);
                }
            }
        }
        return "application/json";
    }
}
