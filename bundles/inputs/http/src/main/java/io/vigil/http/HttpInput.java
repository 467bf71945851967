package io.vigil.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.ingest.InFlight;
import io.vigil.api.ingest.Outcome;
import io.vigil.api.ingest.Pipeline;
import io.vigil.api.ingest.UnavailableException;
import io.vigil.support.BadRequestException;
import io.vigil.support.Bodies;
import io.vigil.support.EventBodies;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP input's processor, used by {@code routes/http-input.xml} as {@code <process ref="io.vigil.http.input"/>}:
 * MozDef's loginput endpoints and Elasticsearch's document API. It answers only when every event of the request
 * is indexed, dropped by a plugin or dead-lettered; bad input gets a 4xx naming what is wrong, never a 500.
 * The route sets header {@value #ENDPOINT} to {@code events}, {@code nxlog}, {@code cef}, {@code custom} or
 * {@code elasticsearch} (every other path of the port: {@link ElasticsearchApi}).
 */
// Camel in Karaf finds a processor by the service property "name" (lookupByNameAndType). The configuration is the
// port's, etc/io.vigil.http.cfg, which the routes read too.
@Component(name = "io.vigil.http", service = Processor.class, property = "name=io.vigil.http.input", configurationPid = "io.vigil.http",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class HttpInput implements Processor {

    public static final String ENDPOINT = "vigil.endpoint";

    private static final Logger LOG = LoggerFactory.getLogger(HttpInput.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int RETRY_AFTER_SECONDS = 5;

    private final Pipeline pipeline;
    private final HttpInputConfig config;
    private final EventBodies bodies;
    private final Map<String, String> tokens = new HashMap<>();
    private final Set<String> browserOrigins;

    @Activate
    public HttpInput(@Reference Pipeline pipeline, HttpInputConfig config) {
        this.pipeline = pipeline;
        this.config = config;
        this.bodies = new EventBodies(config.maxNestingDepth());
        // One value from the environment may list several, separated by commas.
        this.browserOrigins = Stream.of(config.browserOrigins()).flatMap(value -> Stream.of(value.split(","))).map(String::strip)
                .filter(origin -> !origin.isEmpty()).collect(Collectors.toUnmodifiableSet());
        for (String pair : config.tokens()) {
            int equals = pair.indexOf('=');
            if (equals > 0 && equals < pair.length() - 1) {
                tokens.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        String endpoint = in.getHeader(ENDPOINT, "events", String.class);
        String media = ElasticsearchApi.contentType(in.getHeader("Accept", String.class), in.getHeader(Exchange.CONTENT_TYPE, String.class));
        String refused = fromAPage(in);
        if (refused != null) {
            respond(exchange, 403, endpoint.equals("elasticsearch") ? ElasticsearchApi.error(403, "security_exception", refused)
                    : JSON.objectNode().put("error", refused), media);
            return;
        }
        if (endpoint.equals("elasticsearch")) {
            elasticsearch(exchange, media);
            return;
        }
        String rest = in.getHeader(Exchange.HTTP_PATH, "", String.class);
        try {
            String app = null;
            if (endpoint.equals("custom")) {
                app = rest.replaceAll("^/+|/+$", "");
                if (app.isEmpty() || app.contains("/")) {
                    throw new BadRequestException(404, "use /custom/<application>");
                }
            } else if (!rest.isEmpty() && !rest.equals("/")) {
                throw new BadRequestException(404, "no such endpoint: " + in.getHeader(Exchange.HTTP_URI, String.class));
            }
            authorize(endpoint, in);
            acceptable(in.getHeader(Exchange.CONTENT_TYPE, String.class));
            try (InFlight.Lease lease = lease(in)) {
                events(exchange, read(in, lease), lease, app == null ? endpoint : app, app != null);
            }
        } catch (BadRequestException e) {
            retryLater(exchange, e);
            respond(exchange, e.status(), JSON.objectNode().put("error", e.getMessage()), media);
        } catch (RuntimeException e) {
            LOG.error("HTTP input failed on a request to {}", endpoint, e);
            respond(exchange, 500, JSON.objectNode().put("error", "internal error; the Vigil log has the details"), media);
        }
    }

    /** Elasticsearch's API on the same port: its answers and errors in Elasticsearch's shapes (see {@link ElasticsearchApi}). */
    private void elasticsearch(Exchange exchange, String media) {
        Message in = exchange.getIn();
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        ElasticsearchApi.Call call = ElasticsearchApi.route(method, in.getHeader(Exchange.HTTP_URI, "/", String.class));
        try {
            switch (call.kind()) {
                case INFO -> respond(exchange, 200, ElasticsearchApi.info(), media);
                case LICENSE -> respond(exchange, 200, ElasticsearchApi.license(), media);
                case HEALTH -> respond(exchange, 200, ElasticsearchApi.health(), media);
                case ACKNOWLEDGE -> respond(exchange, 200, ElasticsearchApi.acknowledged(), media);
                case UNKNOWN -> throw new BadRequestException(call.status(), call.reason());
                default -> {
                    // Every document API is the bulk endpoint's, for its token too.
                    authorize("bulk", in);
                    acceptable(in.getHeader(Exchange.CONTENT_TYPE, String.class));
                    try (InFlight.Lease lease = lease(in)) {
                        byte[] body = read(in, lease);
                        if (call.kind() == ElasticsearchApi.Kind.BULK) {
                            bulk(exchange, body, lease, call.index(), media);
                        } else {
                            document(exchange, body, lease, call, media);
                        }
                    }
                }
            }
        } catch (BadRequestException e) {
            retryLater(exchange, e);
            respond(exchange, e.status(), ElasticsearchApi.error(e.status(), ElasticsearchApi.errorType(e.status()), e.getMessage()), media);
        } catch (RuntimeException e) {
            LOG.error("HTTP input failed on {} {}", method, in.getHeader(Exchange.HTTP_URI, String.class), e);
            respond(exchange, 500, ElasticsearchApi.error(500, "exception", "internal error; the Vigil log has the details"), media);
        }
    }

    private void events(Exchange exchange, byte[] body, InFlight.Lease lease, String endpoint, boolean custom) throws BadRequestException {
        List<EventBodies.Item> items = bodies.events(body);
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>(items.size());
        for (EventBodies.Item item : items) {
            outcomes.add(pipeline.ingest(item.document(), endpoint, custom, null));
        }
        settled(lease, outcomes);
        Counts counts = await(outcomes);
        ObjectNode answer = counts.json();
        if (counts.failed > 0) {
            answer.put("error", "Elasticsearch could not confirm " + counts.failed + " of " + items.size()
                    + " events (" + counts.failure + "); send them again");
            exchange.getMessage().setHeader("Retry-After", RETRY_AFTER_SECONDS);
            respond(exchange, 503, answer, "application/json");
        } else {
            respond(exchange, 200, answer, "application/json");
        }
    }

    /**
     * Elasticsearch's bulk answer: one item per action, named by it, in order; refused lines and unconfirmed documents
     * are errors of their own item. The index a line or the path names decides nothing (Vigil's daily indices do).
     */
    private void bulk(Exchange exchange, byte[] body, InFlight.Lease lease, String named, String media) throws BadRequestException {
        long started = System.nanoTime();
        List<EventBodies.Item> items = bodies.bulk(body);
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>(items.size());
        List<CompletableFuture<Outcome>> submitted = new ArrayList<>(items.size());
        for (EventBodies.Item item : items) {
            CompletableFuture<Outcome> outcome = item.document() == null ? null
                    : pipeline.ingest(item.document(), "bulk", false, item.id());
            outcomes.add(outcome);
            if (outcome != null) {
                submitted.add(outcome);
            }
        }
        settled(lease, submitted);
        Counts counts = await(submitted);
        if (counts.failed > 0 && counts.failed == submitted.size()) {
            unavailable(exchange, "Elasticsearch is unavailable (" + counts.failure + "); send the bulk again", media);
            return;
        }
        ArrayNode answers = JSON.arrayNode();
        boolean errors = false;
        for (int i = 0; i < items.size(); i++) {
            EventBodies.Item item = items.get(i);
            ObjectNode result = item(item.action(), outcomes.get(i), item.error(), named, item.id());
            errors |= result.has("error");
            answers.addObject().set(item.action(), result);
        }
        ObjectNode answer = JSON.objectNode().put("took", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).put("errors", errors);
        answer.set("items", answers);
        respond(exchange, 200, answer, media);
    }

    /**
     * {@code POST /{index}/_doc}, {@code PUT|POST /{index}/_doc/{id}}, {@code PUT|POST /{index}/_create/{id}}: one
     * document, answered as Elasticsearch answers it. A document with an id is created, never replaced: indexing an id
     * that is stored answers {@code noop}, creating one a 409 conflict.
     */
    private void document(Exchange exchange, byte[] body, InFlight.Lease lease, ElasticsearchApi.Call call, String media) throws BadRequestException {
        List<EventBodies.Item> items = bodies.events(body);
        if (items.size() != 1) {
            throw new BadRequestException(400, "a document is one JSON object, not " + items.size());
        }
        CompletableFuture<Outcome> outcome = pipeline.ingest(items.get(0).document(), "bulk", false, call.id());
        settled(lease, List.of(outcome));
        Counts counts = await(List.of(outcome));
        if (counts.failed > 0) {
            unavailable(exchange, "Elasticsearch could not confirm the document (" + counts.failure + "); send it again", media);
            return;
        }
        ObjectNode result = item(call.kind() == ElasticsearchApi.Kind.CREATE ? "create" : "index", outcome, null, call.index(), call.id());
        int status = result.remove("status").asInt();
        if (result.has("error")) {
            respond(exchange, status, ElasticsearchApi.error(status, result.path("error").path("type").asText(),
                    result.path("error").path("reason").asText()), media);
            return;
        }
        result.put("_version", 1).put("_seq_no", 0).put("_primary_term", 1);
        result.putObject("_shards").put("total", 1).put("successful", 1).put("failed", 0);
        respond(exchange, status, result, media);
    }

    /**
     * What became of one document, as an item of Elasticsearch's bulk answer (its status included). One that was not
     * stored names the index the client named and its id, as Elasticsearch's items do (clients require both).
     */
    private static ObjectNode item(String action, CompletableFuture<Outcome> outcome, String refused, String named, String id) {
        ObjectNode result = JSON.objectNode().put("_index", named == null ? "events" : named);
        if (id != null) {
            result.put("_id", id);
        }
        if (outcome == null) {
            boolean appendOnly = action.equals("update") || action.equals("delete");
            result.put("status", 400).putObject("error").put("type", appendOnly ? "action_request_validation_exception" : "parse_exception")
                    .put("reason", refused);
            return result;
        }
        if (!outcome.isDone() || outcome.isCompletedExceptionally()) {
            result.put("status", 429).putObject("error").put("type", "es_rejected_execution_exception")
                    .put("reason", "Elasticsearch could not confirm this document; send it again");
            return result;
        }
        Outcome done = outcome.join();
        result.put("_index", done.index()).put("_id", done.id());
        switch (done.fate()) {
            case INDEXED -> result.put("status", 201).put("result", "created");
            case DEADLETTERED -> result.put("status", 201).put("result", "created").put("deadletter_reason", done.reason());
            case DROPPED -> result.put("status", 200).put("result", "noop");
            case ALREADY_STORED -> {
                if (action.equals("create")) {
                    result.put("status", 409).putObject("error").put("type", "version_conflict_engine_exception")
                            .put("reason", "[" + done.id() + "]: version conflict, document already exists (current version [1])");
                } else {
                    // Stored before under this id, and not replaced: an event store is append-only.
                    result.put("status", 200).put("result", "noop");
                }
            }
        }
        return result;
    }

    private static void unavailable(Exchange exchange, String reason, String media) {
        exchange.getMessage().setHeader("Retry-After", RETRY_AFTER_SECONDS);
        respond(exchange, 503, ElasticsearchApi.error(503, ElasticsearchApi.errorType(503), reason), media);
    }

    /** Tallies of a request's events once each is settled or the time is up. */
    private static final class Counts {
        int indexed;
        int dropped;
        int deadlettered;
        int failed;
        String failure;

        ObjectNode json() {
            return JSON.objectNode().put("accepted", indexed).put("dropped", dropped).put("deadlettered", deadlettered);
        }
    }

    private Counts await(List<CompletableFuture<Outcome>> outcomes) {
        Counts counts = new Counts();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.answerTimeoutSeconds());
        for (CompletableFuture<Outcome> outcome : outcomes) {
            try {
                Outcome done = outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                switch (done.fate()) {
                    case INDEXED, ALREADY_STORED -> counts.indexed++;
                    case DROPPED -> counts.dropped++;
                    case DEADLETTERED -> counts.deadlettered++;
                }
            } catch (ExecutionException e) {
                counts.failed++;
                Throwable cause = e.getCause() != null && e.getCause().getCause() instanceof UnavailableException
                        ? e.getCause().getCause() : e.getCause();
                counts.failure = cause == null ? "unknown" : cause.getMessage();
            } catch (TimeoutException e) {
                counts.failed++;
                counts.failure = "no answer within " + config.answerTimeoutSeconds() + " s";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                counts.failed++;
                counts.failure = "interrupted";
            }
        }
        return counts;
    }

    private void authorize(String endpoint, Message in) throws BadRequestException {
        String token = tokens.get(endpoint);
        String sent = in.getHeader("Authorization", "", String.class);
        // Compared in constant time, so the answer's timing does not reveal how much of a guess was right.
        if (token != null && !MessageDigest.isEqual(("Bearer " + token).getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8))) {
            throw new BadRequestException(401, "this endpoint needs 'Authorization: Bearer <token>' with the token configured for '" + endpoint + "'");
        }
    }

    /**
     * Why a request that changes something is refused because a browser sent it from a web page not allowed to post, or
     * {@code null}. A page's script may post text/plain or a form anywhere without asking first (no CORS preflight),
     * also under another name for this host (DNS rebinding); browsers name the page in {@code Origin} and say
     * {@code Sec-Fetch-Site}, which shippers never send.
     */
    private String fromAPage(Message in) {
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        if (method.equalsIgnoreCase("GET") || method.equalsIgnoreCase("HEAD")) {
            return null;
        }
        String origin = in.getHeader("Origin", String.class);
        String site = in.getHeader("Sec-Fetch-Site", String.class);
        boolean browser = origin != null || site != null && !site.equalsIgnoreCase("none");
        if (!browser || origin != null && browserOrigins.contains(origin)) {
            return null;
        }
        return "a browser's request from " + (origin == null ? "a web page" : origin) + ": the HTTP input takes events from shippers "
                + "(browserOrigins in etc/io.vigil.http.cfg names the pages allowed to post)";
    }

    private static void acceptable(String contentType) throws BadRequestException {
        if (contentType == null) {
            return;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        if (!(type.contains("json") || type.startsWith("text/plain") || type.startsWith("application/x-www-form-urlencoded")
                || type.startsWith("application/octet-stream"))) {
            throw new BadRequestException(415, "unsupported media type " + contentType + ": send JSON or NDJSON");
        }
    }

    /**
     * Bytes of the in-flight budget for the body about to be read: its declared length, or the most a body may be when
     * it declares none or is gzip (inflated, it may be that large). Spent: 429, which shippers retry.
     */
    private InFlight.Lease lease(Message in) throws BadRequestException {
        Long declared = in.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        boolean gzip = "gzip".equalsIgnoreCase(in.getHeader("Content-Encoding", "", String.class).trim());
        long wanted = declared == null || gzip ? config.maxBodyBytes() : Math.min(declared, config.maxBodyBytes());
        InFlight budget = pipeline.inFlight();
        InFlight.Lease lease = budget.tryTake(wanted);
        if (lease == null) {
            throw new BadRequestException(429, "Vigil holds " + budget.taken() + " bytes of received events not yet stored, its budget of "
                    + budget.capacity() + " (maxInFlightBytes in etc/io.vigil.ingest.cfg): send again shortly");
        }
        return lease;
    }

    private byte[] read(Message in, InFlight.Lease lease) throws BadRequestException {
        InputStream raw = in.getBody(InputStream.class);
        if (raw == null) {
            throw new BadRequestException(400, "empty body");
        }
        byte[] body = Bodies.read(raw, in.getHeader(Exchange.CONTENT_LENGTH, Long.class), in.getHeader("Content-Encoding", String.class), config.maxBodyBytes());
        lease.keep(body.length);
        return body;
    }

    /** The body's bytes stay taken until each of its events is settled, whenever the answer goes. */
    private static void settled(InFlight.Lease lease, List<CompletableFuture<Outcome>> outcomes) {
        lease.closeWhen(CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)));
    }

    private static void retryLater(Exchange exchange, BadRequestException refused) {
        if (refused.status() == 429) {
            exchange.getMessage().setHeader("Retry-After", "1");
        }
    }

    /**
     * The answer, with only the headers it means to send: none of the request's (Authorization, Content-Encoding, or
     * a query parameter Camel turned into a header) travels back. Every answer of the port says it is Elasticsearch,
     * as Elasticsearch's own do: the official clients refuse answers that do not.
     */
    private static void respond(Exchange exchange, int status, ObjectNode body, String media) {
        Message out = exchange.getMessage();
        out.removeHeaders("*", "Retry-After");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, media);
        out.setHeader("X-Elastic-Product", "Elasticsearch");
        out.setBody(body.toString());
    }
}
