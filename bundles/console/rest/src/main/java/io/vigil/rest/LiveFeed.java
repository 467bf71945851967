package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the live streams ({@code GET /api/stream}) carry: new alerts (read from Elasticsearch every second while
 * anyone listens, whoever raised them), changes made through this API (alerts triaged, incidents edited), and who is
 * looking at which incident. Each listener has a bounded queue; one that does not keep up is disconnected rather
 * than slowing the others or the API down, and its page reconnects and reloads.
 */
final class LiveFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int QUEUE = 1000;
    /** Alerts are stamped when raised and searchable a refresh later: look back this far, and skip what was sent. */
    private static final Duration LOOK_BACK = Duration.ofSeconds(30);
    private static final int SEEN = 10_000;
    /**
     * Also how soon a closed page is noticed (the write fails), and its viewer leaves the presence list, and how soon a
     * stream ends once its session has (signed out, expired).
     */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);
    /** Streams one user may hold open at once (each holds a thread): a few console tabs, not a flood. */
    static final int PER_USER = 8;

    /** One message of a stream: its SSE event name and data. */
    record Message(String event, JsonNode data) {
    }

    /** One listener: who, the incident it shows (or null), and what waits to be sent to it. */
    final class Listener implements AutoCloseable {
        final String user;
        final String incident;
        final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(QUEUE);
        volatile boolean overflowed;

        Listener(String user, String incident) {
            this.user = user;
            this.incident = incident;
        }

        void offer(Message message) {
            if (!queue.offer(message)) {
                overflowed = true;
            }
        }

        /** The next message within {@code wait}, or null. */
        Message next(Duration wait) throws InterruptedException {
            return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            if (listeners.remove(this) && incident != null) {
                presence(incident);
            }
        }
    }

    private final Elastic elastic;
    private final String alerts;
    private final Sessions sessions;
    private final Clock clock;
    private final Set<Listener> listeners = new CopyOnWriteArraySet<>();
    private final Map<String, Boolean> sent = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SEEN;
        }
    };
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "vigil-rest-live-alerts");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Instant since;

    LiveFeed(Elastic elastic, String alerts, Sessions sessions, Clock clock) {
        this.elastic = elastic;
        this.alerts = alerts;
        this.sessions = sessions;
        this.clock = clock;
        poller.scheduleWithFixedDelay(this::poll, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * {@code GET /api/stream}: the live feed as server-sent events; {@code incident} tells the others who views it. At
     * most {@value #PER_USER} per user; one opened with the console's session ends with it (signed out, expired).
     */
    void register(Api api) {
        api.route("GET", "/api/stream", Role.VIEWER,
                "Server-sent events: alert (new or changed), incident and investigation (changed), presence (who views an incident: incident=ID)",
                call -> {
                    long open = listeners.stream().filter(listener -> listener.user.equals(call.userName())).count();
                    if (open >= PER_USER) {
                        throw new HttpError(429, call.userName() + " has " + open + " live streams open already: close a console tab or two");
                    }
                    return Reply.events(sink -> stream(call, sink));
                });
    }

    private void stream(Call call, Reply.Sink sink) throws IOException, InterruptedException {
        try (Listener listener = listen(call.userName(), call.query("incident", null))) {
            sink.send("hello", NODES.objectNode().put("user", call.userName()));
            while (listening(listener) && (call.session() == null || sessions.live(call.session()))) {
                Message message = listener.next(KEEP_ALIVE);
                if (message == null) {
                    sink.comment("keep-alive");
                } else {
                    sink.send(message.event(), message.data());
                }
            }
        }
    }

    Listener listen(String user, String incident) {
        if (listeners.isEmpty() || since == null) {
            since = clock.instant();
        }
        Listener listener = new Listener(user, incident);
        listeners.add(listener);
        if (incident != null) {
            presence(incident);
        }
        return listener;
    }

    /** Sends a change to every listener. */
    void publish(String event, JsonNode data) {
        Message message = new Message(event, data);
        listeners.forEach(listener -> listener.offer(message));
    }

    /** Who views {@code incident} now, to everyone. */
    private void presence(String incident) {
        Set<String> viewers = new TreeSet<>();
        listeners.stream().filter(listener -> incident.equals(listener.incident)).forEach(listener -> viewers.add(listener.user));
        ObjectNode data = NODES.objectNode().put("incident", incident);
        ArrayNode names = data.putArray("viewers");
        viewers.forEach(names::add);
        publish("presence", data);
    }

    private void poll() {
        if (listeners.isEmpty()) {
            return;
        }
        Instant from = since.minus(LOOK_BACK);
        ObjectNode query = NODES.objectNode().put("size", 100);
        query.putObject("query").putObject("range").putObject("utctimestamp").put("gte", from.toString());
        query.putArray("sort").addObject().putObject("utctimestamp").put("order", "asc").put("unmapped_type", "date");
        try {
            for (JsonNode hit : elastic.search(alerts, query).path("hits").path("hits")) {
                Documents.Found alert = Documents.found(hit);
                boolean isNew;
                synchronized (sent) {
                    isNew = sent.put(alert.index() + "/" + alert.id(), Boolean.TRUE) == null;
                }
                Instant raised = Documents.time(alert.source().path("utctimestamp"));
                if (isNew && raised != null && !raised.isBefore(since)) {
                    publish("alert", alert.view());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Live alerts not read this time: {}", e.getMessage());
        }
    }

    int listenerCount() {
        return listeners.size();
    }

    boolean listening(Listener listener) {
        return listeners.contains(listener) && !listener.overflowed;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        listeners.clear();
    }
}
