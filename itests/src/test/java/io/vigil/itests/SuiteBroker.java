package io.vigil.itests;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeoutException;

/** The test services' RabbitMQ ({@code -Dvigil.amqp.url}, which {@code ./vigil test} passes). */
final class SuiteBroker {

    private SuiteBroker() {
    }

    static URI url() {
        return URI.create(System.getProperty("vigil.amqp.url", "amqp://127.0.0.1:5692"));
    }

    /** A connection of the test's own, named for the broker's management view. */
    static Connection connect(String name) throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(url().getHost());
        factory.setPort(url().getPort());
        return factory.newConnection(name);
    }
}
