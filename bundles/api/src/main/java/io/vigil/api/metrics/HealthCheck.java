package io.vigil.api.metrics;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Something the pipeline depends on that can be up or down (a broker connection, say), asked on each look at the
 * health page so that what it shows is now, not when something last changed.
 */
@ConsumerType
public interface HealthCheck {

    /** What is checked, where: "RabbitMQ amqp://127.0.0.1:5672/". */
    String name();

    /** Null when healthy, else what is wrong in words a handler can act on. */
    String problem();
}
