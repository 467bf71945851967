package io.vigil.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * RabbitMQ rows: every event one persistent message, published by {@value #PUBLISHERS} publishers with confirms while
 * the consumer drains the queue. The baseline's consumer is a bare amqp-client one with Vigil's prefetch and number of
 * consumers that only acks; Vigil's row publishes to {@code eventtask} and ends when every event is in Elasticsearch.
 */
final class AmqpRows implements AutoCloseable {

    static final String BASELINE_QUEUE = "bench-baseline";
    private static final String EXCHANGE = "eventtask";
    private static final String QUEUE = "eventtask";
    private static final int PUBLISHERS = 2;
    private static final int CONFIRM_EVERY = 1000;

    private final Connection connection;
    private final Elasticsearch es;
    private final int prefetch;
    private final int consumers;

    AmqpRows(URI amqp, Elasticsearch es, int prefetch, int consumers) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(amqp);
        this.connection = factory.newConnection("vigil-bench");
        this.es = es;
        this.prefetch = prefetch;
        this.consumers = consumers;
    }

    String brokerVersion() {
        return String.valueOf(connection.getServerProperties().get("version"));
    }

    Row baseline() {
        return new Row("amqp-baseline", false) {
            @Override
            void prepare() throws Exception {
                try (Channel channel = open()) {
                    channel.queueDelete(BASELINE_QUEUE);
                    channel.queueDeclare(BASELINE_QUEUE, true, false, false, null);
                }
            }

            @Override
            void run(Workload workload) throws Exception {
                CountDownLatch acked = new CountDownLatch(workload.size());
                List<Channel> channels = new ArrayList<>();
                try {
                    for (int i = 0; i < consumers; i++) {
                        Channel channel = connection.createChannel();
                        channels.add(channel);
                        channel.basicQos(prefetch);
                        channel.basicConsume(BASELINE_QUEUE, false, new DefaultConsumer(channel) {
                            @Override
                            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                                    throws IOException {
                                getChannel().basicAck(envelope.getDeliveryTag(), false);
                                acked.countDown();
                            }
                        });
                    }
                    publish("", BASELINE_QUEUE, workload);
                    if (!acked.await(Indexed.timeoutSeconds(workload), TimeUnit.SECONDS)) {
                        throw new IOException("amqp-baseline: " + acked.getCount() + " messages not consumed in time");
                    }
                } finally {
                    for (Channel channel : channels) {
                        close(channel);
                    }
                }
            }
        };
    }

    Row vigil() {
        return new Row("amqp", true) {
            @Override
            void prepare() throws Exception {
                try (Channel channel = open()) {
                    channel.queueDeclarePassive(QUEUE);
                    channel.queuePurge(QUEUE);
                }
            }

            @Override
            void run(Workload workload) throws Exception {
                publish(EXCHANGE, QUEUE, workload);
                Indexed.await(es, Elasticsearch.EVENTS, "amqp", workload.size(), Indexed.timeoutSeconds(workload));
            }
        };
    }

    private void publish(String exchange, String routingKey, Workload workload) throws Exception {
        List<byte[]> events = workload.events();
        ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS);
        try {
            List<Future<Object>> publishers = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                int publisher = p;
                publishers.add(pool.submit(() -> {
                    try (Channel channel = open()) {
                        channel.confirmSelect();
                        int sent = 0;
                        for (int i = publisher; i < events.size(); i += PUBLISHERS) {
                            channel.basicPublish(exchange, routingKey, MessageProperties.PERSISTENT_BASIC, events.get(i));
                            if (++sent % CONFIRM_EVERY == 0) {
                                channel.waitForConfirmsOrDie(60_000);
                            }
                        }
                        channel.waitForConfirmsOrDie(60_000);
                    }
                    return null;
                }));
            }
            for (Future<Object> publisher : publishers) {
                publisher.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Channel open() throws IOException {
        return connection.createChannel();
    }

    private static void close(Channel channel) {
        try {
            channel.close();
        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            // Closing after the row: a channel the broker already closed has nothing left to say.
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
