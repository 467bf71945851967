package io.vigil.sqs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

/**
 * Deletes handled SQS messages ten to a request ({@code DeleteMessageBatch}) instead of one request each, as Camel's
 * consumer does with {@code deleteAfterRead=true}: a tenth of the requests, so of the SQS bill for deletes and of the
 * signing and HTTP work per message. A delete that is lost (Vigil killed before it went, SQS refusing it) only lets the
 * message come back after its visibility timeout; its events then overwrite themselves (ids come from the message id).
 */
final class SqsDeletes implements AutoCloseable {

    /** One message to delete, from the queue at {@code queueUrl}. */
    private record Delete(SqsClient client, String queueUrl, String receiptHandle) {
    }

    private record Queue(SqsClient client, String queueUrl) {
    }

    private static final int BATCH = 10;
    private static final long LINGER_MILLIS = 20;
    private static final int SENDERS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(SqsDeletes.class);

    private final BlockingQueue<Delete> pending = new LinkedBlockingQueue<>();
    private final ExecutorService senders;
    private volatile boolean closed;

    SqsDeletes() {
        senders = Executors.newFixedThreadPool(SENDERS, runnable -> {
            Thread thread = new Thread(runnable, "vigil-sqs-deletes");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < SENDERS; i++) {
            senders.execute(this::sendLoop);
        }
    }

    void delete(SqsClient client, String queueUrl, String receiptHandle) {
        pending.add(new Delete(client, queueUrl, receiptHandle));
    }

    private void sendLoop() {
        while (!closed || !pending.isEmpty()) {
            try {
                Delete first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    send(collect(first));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@code first} and the deletes that follow it within the linger, by queue, at most ten in all. */
    private Map<Queue, List<Delete>> collect(Delete first) throws InterruptedException {
        Map<Queue, List<Delete>> byQueue = new LinkedHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
        Delete next = first;
        for (int count = 1; next != null; count++) {
            byQueue.computeIfAbsent(new Queue(next.client(), next.queueUrl()), queue -> new ArrayList<>()).add(next);
            next = count < BATCH ? pending.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) : null;
        }
        return byQueue;
    }

    private static void send(Map<Queue, List<Delete>> byQueue) {
        byQueue.forEach((queue, deletes) -> {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(deletes.size());
            for (int i = 0; i < deletes.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(deletes.get(i).receiptHandle()).build());
            }
            try {
                DeleteMessageBatchResponse response = queue.client().deleteMessageBatch(request -> request.queueUrl(queue.queueUrl()).entries(entries));
                if (response.hasFailed() && !response.failed().isEmpty()) {
                    LOG.warn("SQS did not delete {} of {} handled messages from {} ({}); they come back after their visibility timeout"
                            + " and overwrite their own events", response.failed().size(), entries.size(), queue.queueUrl(),
                            response.failed().get(0).message());
                }
            } catch (SdkException e) {
                LOG.warn("Cannot delete {} handled messages from {} ({}); they come back after their visibility timeout and overwrite"
                        + " their own events", entries.size(), queue.queueUrl(), e.getMessage());
            }
        });
    }

    /** Sends the deletes still pending (a stopping Vigil must not have its messages handled twice needlessly). */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        senders.shutdown();
        if (!senders.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("{} SQS deletes not sent at shutdown; those messages come back after their visibility timeout", pending.size());
            senders.shutdownNow();
        }
    }
}
