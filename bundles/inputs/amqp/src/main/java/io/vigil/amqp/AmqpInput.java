package io.vigil.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import io.vigil.api.ingest.InFlight;
import io.vigil.api.ingest.Outcome;
import io.vigil.api.ingest.Pipeline;
import io.vigil.support.BadRequestException;
import io.vigil.support.EventBodies;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.AsyncProcessorSupport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor of {@code routes/amqp-input.xml} ({@code <process ref="io.vigil.amqp.input"/>}), for a consumer in
 * manual acknowledgement: a message is acked only once each of its events is indexed, dropped by a plugin or
 * dead-lettered, and put back on the queue when Elasticsearch could not confirm them. Messages are processed
 * asynchronously, so the events of many in-flight messages share bulk requests. A body is a JSON object, a JSON string
 * holding one (as MozDef's shippers send), an array or NDJSON; any other body is dead-lettered with the reason. The
 * message's {@code message-id} is the document id (with {@code -N} for the N-th event of a multi-event body), so a
 * redelivery overwrites instead of duplicating.
 */
// Camel in Karaf finds a processor by the service property "name".
@Component(service = Processor.class, property = "name=io.vigil.amqp.input")
public class AmqpInput extends AsyncProcessorSupport {

    static final String ENDPOINT = "eventtask";
    private static final String CHANNEL = "CamelSpringRabbitmqChannel";
    private static final String DELIVERY_TAG = "CamelSpringRabbitmqDeliveryTag";
    private static final String MESSAGE_ID = "CamelSpringRabbitmqMessageId";
    private static final int MAX_NESTING_DEPTH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(AmqpInput.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How long a message Elasticsearch could not confirm waits before it goes back to the queue: the broker would hand
     * it out again at once, and a consumer would spin on it while Elasticsearch is away. Meanwhile the message holds
     * its prefetch slot, so consumption slows to the retry pace by itself.
     */
    private static final long RETRY_MILLIS = 1000;
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How long a consumer waits for room in the inputs' in-flight budget before the message goes back to the queue. */
    private static final Duration BUDGET_WAIT = Duration.ofSeconds(30);
    private static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
    /** What a dead letter keeps of a body over the limit. */
    private static final int OVERSIZED_KEPT = 64 * 1024;

    private final Pipeline ingestion;
    private final EventBodies bodies = new EventBodies(MAX_NESTING_DEPTH);
    /** maxMessageBytes, as the context of the route resolved it. */
    private record Limit(CamelContext context, int bytes) {
    }

    private volatile Limit limit;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "vigil-amqp-retries");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final AtomicLong quiet = new AtomicLong();

    @Activate
    public AmqpInput(@Reference Pipeline ingestion) {
        this.ingestion = ingestion;
    }

    @Deactivate
    void deactivate() {
        // What waits is not acked: the broker delivers it again once the channel closes.
        retries.shutdownNow();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        byte[] sent = body == null ? new byte[0] : body;
        String messageId = exchange.getMessage().getHeader(MESSAGE_ID, String.class);
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        InFlight.Lease lease;
        try {
            // Waiting here holds this consumer, so the queue keeps what this container has no room for yet.
            lease = ingestion.inFlight().take(sent.length, BUDGET_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lease = null;
        }
        if (lease == null) {
            settle(exchange, new IllegalStateException("no room in the inputs' in-flight budget for " + BUDGET_WAIT.toSeconds() + " s"));
            callback.done(false);
            return false;
        }
        int maxMessageBytes = maxMessageBytes(exchange.getContext());
        if (sent.length > maxMessageBytes) {
            outcomes.add(ingestion.deadLetter(printable(Arrays.copyOf(sent, OVERSIZED_KEPT)), ENDPOINT, "oversized_message",
                    sent.length + " bytes, over maxMessageBytes (" + maxMessageBytes + ", etc/io.vigil.amqp.cfg); the first " + OVERSIZED_KEPT + " kept"));
        } else {
            try {
                List<EventBodies.Item> items = bodies.events(unwrapJsonString(sent));
                for (int i = 0; i < items.size(); i++) {
                    String id = messageId == null || messageId.isBlank() ? null : items.size() == 1 ? messageId : messageId + "-" + i;
                    outcomes.add(ingestion.ingest(items.get(i).document(), ENDPOINT, false, id));
                }
            } catch (BadRequestException e) {
                outcomes.add(ingestion.deadLetter(printable(body), ENDPOINT, "unreadable_message", e.getMessage()));
            }
        }
        CompletableFuture<Void> settled = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new));
        lease.closeWhen(settled);
        settled.whenComplete((done, failure) -> {
            settle(exchange, failure);
            callback.done(false);
        });
        return false;
    }

    /**
     * The limit, read as the route reads the rest of etc/io.vigil.amqp.cfg (a component of that PID beside the
     * connection's would make Camel's registry hand it out for the PID): once per context, not per message.
     */
    private int maxMessageBytes(CamelContext context) {
        Limit known = limit;
        if (known == null || known.context() != context) {
            known = new Limit(context, Integer.parseInt(context.resolvePropertyPlaceholders("{{amqp.maxMessageBytes:" + MAX_MESSAGE_BYTES + "}}")));
            limit = known;
        }
        return known.bytes();
    }

    /** Acks the message, or puts it back on the queue, after a pause, when Elasticsearch did not confirm its events. */
    private void settle(Exchange exchange, Throwable failure) {
        Channel channel = exchange.getProperty(CHANNEL, Channel.class);
        Long tag = exchange.getMessage().getHeader(DELIVERY_TAG, Long.class);
        if (channel == null || tag == null) {
            exchange.setException(new IllegalStateException("the AMQP input needs a spring-rabbitmq consumer with acknowledgeMode=MANUAL"));
            return;
        }
        if (failure == null) {
            send(channel, tag, true);
            return;
        }
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            long others = quiet.getAndSet(0);
            LOG.warn("AMQP message {} goes back to the queue in {} ms: {}{}", tag, RETRY_MILLIS, failure.getMessage(),
                    others > 0 ? " (and " + others + " others since the last warning)" : "");
        } else {
            quiet.incrementAndGet();
        }
        try {
            retries.schedule(() -> send(channel, tag, false), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Stopping: the broker delivers it again once the channel closes.
        }
    }

    private static void send(Channel channel, long tag, boolean ack) {
        // A channel's acks must not interleave with another thread's frames on it.
        synchronized (channel) {
            try {
                if (ack) {
                    channel.basicAck(tag, false);
                } else {
                    channel.basicNack(tag, false, true);
                }
            } catch (IOException | RuntimeException e) {
                // The broker redelivers what was not acked once the channel is gone; the message id keeps that idempotent.
                LOG.warn("AMQP message {} could not be settled ({}); the broker will deliver it again", tag, e.toString());
            }
        }
    }

    /** A body that is a JSON string holding JSON (MozDef's shippers double-encode) is that JSON. */
    private static byte[] unwrapJsonString(byte[] body) {
        int first = 0;
        while (first < body.length && Character.isWhitespace(body[first])) {
            first++;
        }
        if (first < body.length && body[first] == '"') {
            try {
                JsonNode value = JSON.readTree(body);
                if (value != null && value.isTextual()) {
                    return value.textValue().getBytes(StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                return body;
            }
        }
        return body;
    }

    /** The body as text for the dead-letter index: UTF-8 when it is, else base64 (said so). */
    private static String printable(byte[] body) {
        if (body == null) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(body);
        }
    }
}
