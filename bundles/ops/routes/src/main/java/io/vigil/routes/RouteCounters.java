package io.vigil.routes;

import io.vigil.api.metrics.MetricSource;
import io.vigil.api.metrics.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Exchanges each route completed and failed, counted from Camel's exchange events, with those in flight now: the
 * routes' part of {@code /metrics}. Counts start again with the context (a changed configuration restarts it), which
 * Prometheus' rate() takes as a counter reset.
 */
final class RouteCounters extends EventNotifierSupport implements MetricSource {

    private final CamelContext context;
    private final Map<String, LongAdder> completed = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();

    RouteCounters(CamelContext context) {
        this.context = context;
        // Only the two events counted: every other kind would be made for nothing on each exchange.
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String route = exchange.getFromRouteId();
        if (route != null) {
            (event instanceof CamelEvent.ExchangeFailedEvent ? failed : completed).computeIfAbsent(route, id -> new LongAdder()).increment();
        }
    }

    @Override
    public void collect(Metrics metrics) {
        for (Route route : context.getRoutes()) {
            String id = route.getRouteId();
            metrics.counter("vigil_route_exchanges_total", "Exchanges a route finished (a request, a message, a batch of lines)",
                    sum(completed, id), "route", id, "outcome", "completed");
            metrics.counter("vigil_route_exchanges_total", "Exchanges a route finished (a request, a message, a batch of lines)",
                    sum(failed, id), "route", id, "outcome", "failed");
            metrics.gauge("vigil_route_inflight_exchanges", "Exchanges a route is working on now", context.getInflightRepository().size(id), "route", id);
        }
    }

    private static long sum(Map<String, LongAdder> counts, String route) {
        LongAdder count = counts.get(route);
        return count == null ? 0 : count.sum();
    }
}
