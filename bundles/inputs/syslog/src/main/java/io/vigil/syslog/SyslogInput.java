package io.vigil.syslog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandler;
import io.vigil.api.ingest.InFlight;
import io.vigil.api.ingest.Outcome;
import io.vigil.api.ingest.Pipeline;
import io.vigil.api.ingest.UnavailableException;
import io.vigil.api.metrics.MetricSource;
import io.vigil.api.metrics.Metrics;
import io.vigil.tls.ServerTls;
import io.vigil.tls.TlsStores;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.netty.ChannelHandlerFactory;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The syslog input of {@code routes/syslog-input.xml}: its netty endpoints take this as their decoder
 * ({@code decoders=#io.vigil.syslog}, framing) and processor ({@code <process ref="io.vigil.syslog"/>}, parsing and
 * indexing). Over TCP and TLS a message is indexed before the next is read from its connection: when Elasticsearch
 * is slow or away the connection stops being read and the sender's buffers fill (back-pressure), nothing is lost
 * while Vigil runs. Over UDP there is no such thing: messages are indexed asynchronously, at most
 * {@code udpInFlight} at a time, and the datagrams beyond, or that Elasticsearch could not take, are dropped and
 * counted (logged every 10 s). It also registers the listener's TLS, {@code io.vigil.syslog.tls}: itself, not as a
 * component of its own, since Camel's OSGi registry finds a bean by configuration PID before it does by name, and a
 * second component of PID {@code io.vigil.syslog} could be handed to the route as the decoder {@code #io.vigil.syslog}.
 */
@Component(name = "io.vigil.syslog", service = {Processor.class, ChannelHandlerFactory.class, ChannelHandler.class, MetricSource.class}, property = "name=io.vigil.syslog",
        configurationPid = "io.vigil.syslog", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SyslogConfig.class)
public class SyslogInput extends DefaultChannelHandlerFactory implements Processor, MetricSource {

    /** Set by the route: udp, tcp or tls. */
    public static final String TRANSPORT = "vigil.syslog.transport";
    static final String ENDPOINT = "syslog";
    private static final String REMOTE_ADDRESS = "CamelNettyRemoteAddress";
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long RETRY_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(SyslogInput.class);

    private final Pipeline ingestion;
    private final SyslogParser parser;
    private final int maxLength;
    private final Semaphore udpSlots;
    private final ServiceRegistration<SSLContextParameters> tls;
    /** Syslog datagrams dropped since the start: UDP has no way to slow its senders down. */
    private final AtomicLong udpDropped = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    @Activate
    public SyslogInput(BundleContext context, @Reference Pipeline ingestion, SyslogConfig config, TlsStores stores) {
        this.ingestion = ingestion;
        this.parser = new SyslogParser(Clock.systemUTC(), ZoneId.of(config.zone().trim()));
        this.maxLength = Math.max(480, config.maxLength());
        this.udpSlots = new Semaphore(Math.max(1, config.udpInFlight()));
        this.tls = context.registerService(SSLContextParameters.class, new ServerTls("Syslog over TLS", "etc/io.vigil.syslog.cfg", stores), new Hashtable<>(Map.of("name", "io.vigil.syslog.tls")));
    }

    @Deactivate
    void deactivate() {
        tls.unregister();
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new SyslogDecoder(maxLength);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String line = exchange.getIn().getBody(String.class);
        if (line == null || line.isEmpty()) {
            return;
        }
        String transport = exchange.getIn().getHeader(TRANSPORT, "tcp", String.class);
        // A message's bytes come out of the inputs' shared budget: UDP cannot wait (dropped, counted), a connection
        // can (it is not read meanwhile, and its sender's buffers fill).
        InFlight.Lease lease = transport.equals("udp") ? ingestion.inFlight().tryTake(line.length()) : streamLease(line.length());
        if (lease == null) {
            dropped();
            return;
        }
        try (lease) {
            ObjectNode event = parser.parse(line, peer(exchange.getIn().getHeader(REMOTE_ADDRESS)));
            event.with("details").put("transport", transport);
            if (transport.equals("udp")) {
                udp(event, lease);
            } else {
                stream(event, exchange.getExchangeId());
            }
        }
    }

    private InFlight.Lease streamLease(long bytes) throws InterruptedException {
        InFlight budget = ingestion.inFlight();
        InFlight.Lease lease;
        while ((lease = budget.take(bytes, Duration.ofMillis(RETRY_MILLIS))) == null) {
            warn("Syslog over TCP: the inputs' in-flight budget is spent ({} bytes): connections wait", budget.taken());
        }
        return lease;
    }

    /**
     * Indexed before the connection is read again; while Elasticsearch cannot confirm it, tried again each second,
     * under one document id (the exchange's), so an attempt that was stored after all is overwritten, not doubled.
     */
    private void stream(ObjectNode event, String id) throws InterruptedException {
        while (true) {
            try {
                ingestion.ingest(event.deepCopy(), ENDPOINT, false, id).get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnavailableException)) {
                    throw new IllegalStateException("syslog message not indexed: " + e.getCause(), e.getCause());
                }
                warn("Elasticsearch could not take a syslog message ({}): its connection waits, tried again in " + RETRY_MILLIS + " ms", e.getCause());
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    private void udp(ObjectNode event, InFlight.Lease lease) {
        if (!udpSlots.tryAcquire()) {
            dropped();
            return;
        }
        CompletableFuture<Outcome> outcome = ingestion.ingest(event, ENDPOINT, false, null);
        lease.closeWhen(outcome);
        outcome.whenComplete((done, failure) -> {
            udpSlots.release();
            if (failure != null) {
                dropped();
            }
        });
    }

    private void dropped() {
        udpDropped.incrementAndGet();
        warn("Syslog over UDP: {} datagrams dropped since the start (the pipeline or the inputs' in-flight budget was saturated, or Elasticsearch away)",
                udpDropped.get());
    }

    private void warn(String message, Object argument) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn(message, argument);
        }
    }

    private static String peer(Object address) {
        if (address instanceof InetSocketAddress socket) {
            return socket.getAddress() == null ? socket.getHostString() : socket.getAddress().getHostAddress();
        }
        return address instanceof SocketAddress other ? other.toString() : null;
    }

    @Override
    public void collect(Metrics metrics) {
        metrics.counter("vigil_syslog_udp_dropped_total", "Syslog datagrams dropped because the pipeline was saturated (UDP is lossy; use TCP or TLS)",
                udpDropped.get());
    }
}
