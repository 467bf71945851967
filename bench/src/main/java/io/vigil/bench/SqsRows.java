package io.vigil.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * SQS rows against ElasticMQ through the AWS SDK v2: every event one message, sent in batches of ten by
 * {@value #SENDERS} senders while the queue drains. The baseline's consumer is {@code consumers} bare SDK pollers
 * (ten messages a receive, as Vigil's route asks) that only delete; Vigil's row sends to its queue and ends when every
 * event is in Elasticsearch.
 */
final class SqsRows implements AutoCloseable {

    static final String BASELINE_QUEUE = "bench-baseline";
    private static final int SENDERS = 4;
    private static final int BATCH = 10;

    private final SqsClient sqs;
    private final Elasticsearch es;
    private final String vigilQueueUrl;
    private final int consumers;

    SqsRows(URI endpoint, String vigilQueueName, Elasticsearch es, int consumers) {
        this.sqs = SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("vigil", "vigil-secret")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(SENDERS + consumers + 4)).build();
        this.es = es;
        this.vigilQueueUrl = sqs.getQueueUrl(request -> request.queueName(vigilQueueName)).queueUrl();
        this.consumers = consumers;
    }

    Row baseline() {
        return new Row("sqs-baseline", false) {
            private String queueUrl;

            @Override
            void prepare() {
                queueUrl = sqs.createQueue(request -> request.queueName(BASELINE_QUEUE)).queueUrl();
                sqs.purgeQueue(request -> request.queueUrl(queueUrl));
            }

            @Override
            void run(Workload workload) throws Exception {
                AtomicInteger deleted = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(consumers);
                try {
                    List<Future<Object>> pollers = new ArrayList<>();
                    long deadline = System.nanoTime() + Indexed.timeoutSeconds(workload) * 1_000_000_000L;
                    for (int i = 0; i < consumers; i++) {
                        pollers.add(pool.submit(() -> {
                            while (deleted.get() < workload.size() && System.nanoTime() < deadline) {
                                List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(BATCH)
                                        .waitTimeSeconds(1)).messages();
                                if (messages.isEmpty()) {
                                    continue;
                                }
                                List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
                                for (Message message : messages) {
                                    entries.add(DeleteMessageBatchRequestEntry.builder().id(message.messageId())
                                            .receiptHandle(message.receiptHandle()).build());
                                }
                                sqs.deleteMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
                                deleted.addAndGet(messages.size());
                            }
                            return null;
                        }));
                    }
                    send(queueUrl, workload);
                    for (Future<Object> poller : pollers) {
                        poller.get();
                    }
                    if (deleted.get() < workload.size()) {
                        throw new IOException("sqs-baseline: " + deleted.get() + " of " + workload.size() + " messages consumed in time");
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
        };
    }

    Row vigil() {
        return new Row("sqs", true) {
            @Override
            void prepare() {
                sqs.purgeQueue(request -> request.queueUrl(vigilQueueUrl));
            }

            @Override
            void run(Workload workload) throws Exception {
                send(vigilQueueUrl, workload);
                Indexed.await(es, Elasticsearch.EVENTS, "sqs", workload.size(), Indexed.timeoutSeconds(workload));
            }
        };
    }

    private void send(String queueUrl, Workload workload) throws Exception {
        List<byte[]> events = workload.events();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<Object>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                senders.add(pool.submit(() -> {
                    for (int from = next.getAndAdd(BATCH); from < events.size(); from = next.getAndAdd(BATCH)) {
                        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                        for (int i = from; i < Math.min(events.size(), from + BATCH); i++) {
                            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                                    .messageBody(new String(events.get(i), StandardCharsets.UTF_8)).build());
                        }
                        SendMessageBatchResponse response = sqs.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
                        if (!response.failed().isEmpty()) {
                            throw new IOException("SQS refused messages: " + response.failed().get(0));
                        }
                    }
                    return null;
                }));
            }
            for (Future<Object> sender : senders) {
                sender.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        sqs.close();
    }
}
