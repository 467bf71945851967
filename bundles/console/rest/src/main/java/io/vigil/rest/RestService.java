package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vigil.actions.Actions;
import io.vigil.alerts.Rules;
import io.vigil.api.ingest.Pipeline;
import io.vigil.api.ingest.PluginState;
import io.vigil.api.metrics.HealthCheck;
import io.vigil.api.metrics.MetricSource;
import io.vigil.api.users.UserDirectory;
import io.vigil.blocklist.Blocklist;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.sigma.rules.SigmaRules;
import io.vigil.support.BadRequestException;
import io.vigil.support.Bodies;
import io.vigil.tls.ServerTls;
import io.vigil.tls.TlsStores;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.http.common.HttpMessage;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor {@code io.vigil.rest} of {@code routes/rest.xml}: every request on the REST port, answered by the
 * route table. Only the request's own headers are read (never the copies Camel makes of query parameters), and the
 * answer carries only the headers set here.
 */
@Component(name = "io.vigil.rest", service = Processor.class, property = "name=io.vigil.rest", configurationPid = "io.vigil.rest",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RestConfig.class)
public class RestService implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RestService.class);

    private final Api api;
    private final int maxBodyBytes;
    private final LiveFeed feed;
    private final ServiceRegistration<SSLContextParameters> tls;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Actions actions;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Pipeline pipeline;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Rules rules;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SigmaRules sigma;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<HealthCheck> healthChecks = new CopyOnWriteArrayList<>();
    private final List<MetricSource> metricSources = new CopyOnWriteArrayList<>();
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<UserDirectory> directories = new CopyOnWriteArrayList<>();
    private final String realm;
    /** The context whose route runs this processor: known from the first request on, for the health page. */
    private volatile CamelContext camel;
    private final Set<String> proxies;

    @Activate
    public RestService(RestConfig config, TlsStores stores, BundleContext context, @Reference Blocklist blocklist,
            @Reference Elasticsearch elasticsearch) {
        // Milliseconds: what Elasticsearch's date fields keep.
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
        Elastic elastic = new Elastic(elasticsearch);
        Documents documents = new Documents(elastic);
        MappedIndices indices = new MappedIndices(elastic);
        Search search = new Search(elastic);
        AuditTrail audit = AuditTrail.of(elastic, clock);
        Authenticator authenticator = new JaasAuthenticator(config.realm(), Duration.ofSeconds(config.rememberSeconds()),
                new SignInLimits(config.maxFailedSignIns(), config.maxFailedSignInsPerAddress(), config.maxFailedSignInsPerName(),
                        JaasAuthenticator.FAILURE_WINDOW, clock), audit, clock);
        proxies = ClientAddress.proxies(config.trustedProxies());
        realm = config.realm();
        Sessions sessions = new Sessions(Duration.ofMinutes(config.sessionIdleMinutes()), Duration.ofHours(config.sessionHours()),
                "https".equals(config.scheme()), clock, this::current);
        api = new Api(authenticator, sessions, audit);
        maxBodyBytes = config.maxBodyBytes();
        new SessionRoutes(authenticator, sessions, !config.oidcIssuer().isBlank(), audit).register(api);
        if (!config.oidcIssuer().isBlank()) {
            new Oidc(new Oidc.Settings(config.oidcIssuer(), config.oidcClientId(), config.oidcClientSecret(), config.oidcRedirectUri(), config.oidcScopes(),
                    config.oidcUserClaim(), config.oidcRoleClaim(), Oidc.roles(config.oidcRoles()),
                    config.oidcDefaultRole().isBlank() ? null : Role.of(config.oidcDefaultRole()).orElseThrow(
                            () -> new IllegalArgumentException("oidcDefaultRole is viewer, handler or admin, not " + config.oidcDefaultRole()))),
                    sessions, audit, clock).register(api);
        }
        feed = new LiveFeed(elastic, config.alertsIndex(), sessions, clock);
        IncidentRoutes incidents = new IncidentRoutes(documents, indices, search, feed, clock);
        AlertRoutes alerts = new AlertRoutes(config.alertsIndex(), documents, search, incidents,
                Map.of("incident", config.incidentsIndex(), "investigation", config.investigationsIndex()), feed, () -> actions, clock);
        new MozdefRoutes(elastic, documents, indices, config, blocklist, incidents, this::plugins, alerts::published, clock).register(api);
        new EventRoutes(config.eventsIndex(), documents, search).register(api);
        alerts.register(api);
        feed.register(api);
        new StatsRoutes(elastic, config).register(api);
        new StatusRoutes(elastic, () -> camel, () -> List.copyOf(healthChecks), () -> rules, () -> sigma, config.verisTaxonomy()).register(api);
        incidents.register(api, "incident", config.incidentsIndex());
        incidents.register(api, "investigation", config.investigationsIndex());
        api.route("GET", "/api/audit", Role.ADMIN, "The audit trail, newest first: sign-ins, sign-outs and changes, done or refused (q, from, to on timestamp,"
                + " user, action, outcome, address, size, after)", call -> Reply.ok(search.page(call, AuditTrail.INDICES, "timestamp",
                        call.filters("user", "action", "outcome", "address"))));
        api.route("GET", "/metrics", Role.VIEWER, "The pipeline's counters in Prometheus' text format (per route, plugin, endpoint and fate; bulk requests)",
                call -> new Reply(200, "text/plain; version=0.0.4; charset=utf-8", metrics(), Map.of()));
        // Registered here, not as a component of its own: Camel's OSGi registry finds a bean by configuration PID before
        // it does by name, and a second component of PID io.vigil.rest made the route file reload at every start.
        tls = context.registerService(SSLContextParameters.class, new ServerTls("The REST API over HTTPS", "etc/io.vigil.rest.cfg", stores),
                new Hashtable<>(Map.of("name", "io.vigil.rest.tls")));
        String version = context.getBundle().getVersion().toString();
        api.route("GET", "/api/openapi.json", Role.VIEWER, "This document", call -> Reply.ok(OpenApi.of(api, version)));
    }

    /**
     * A user signed in through the realm as its directory has them now; the same user when the realm has no directory
     * (an LDAP realm, say: its roles are then those of sign-in), null when the directory no longer has them or cannot
     * be read.
     */
    private User current(User user) {
        for (UserDirectory directory : directories) {
            if (directory.realm().equals(realm)) {
                try {
                    return directory.roles(user.name()).map(roles -> new User(user.name(), Role.highest(roles))).orElse(null);
                } catch (IOException e) {
                    LOG.warn("Cannot read the users of realm {}, so {}'s session ends: {}", realm, user.name(), e.getMessage());
                    return null;
                }
            }
        }
        return user;
    }

    @Deactivate
    void deactivate() {
        tls.unregister();
        feed.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMetricSource(MetricSource source) {
        metricSources.add(source);
    }

    void removeMetricSource(MetricSource source) {
        metricSources.remove(source);
    }

    private String metrics() {
        PrometheusText text = new PrometheusText();
        for (MetricSource source : metricSources) {
            try {
                source.collect(text);
            } catch (RuntimeException e) {
                // One broken source must not take the others' values away.
                LOG.warn("A metric source failed: {}", e.toString());
            }
        }
        text.gauge("vigil_rest_stream_listeners", "Open live streams (GET /api/stream)", feed.listenerCount());
        return text.text();
    }

    /** The plugins as the pipeline runs them, in its order; none without the pipeline. */
    private List<PluginState> plugins() {
        Pipeline running = pipeline;
        return running == null ? List.of() : running.plugins();
    }

    @Override
    public void process(Exchange exchange) {
        camel = exchange.getContext();
        Message in = exchange.getIn();
        HttpServletRequest request = in instanceof HttpMessage http ? http.getRequest() : null;
        Map<String, String> headers = new LinkedHashMap<>();
        String method;
        String path;
        String query;
        if (request != null) {
            for (String name : Collections.list(request.getHeaderNames())) {
                headers.put(name, request.getHeader(name));
            }
            if (!ClientAddress.trusted(request.getRemoteAddr(), proxies)) {
                // Anyone could name another scheme here and pass the cross-site check; only a proxy in front may.
                headers.keySet().removeIf(name -> name.equalsIgnoreCase(Origins.FORWARDED_PROTO));
            }
            method = request.getMethod();
            path = request.getRequestURI();
            query = request.getQueryString();
        } else {
            // A route with another HTTP component (integrators may wire one): Camel's headers are all there is.
            in.getHeaders().forEach((name, value) -> {
                if (value instanceof String text) {
                    headers.put(name, text);
                }
            });
            method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
            path = in.getHeader(Exchange.HTTP_URI, "/", String.class);
            query = in.getHeader(Exchange.HTTP_QUERY, String.class);
        }
        Reply reply;
        try {
            // Read with its bound before anything else, sign-in included: the route hands over the unread stream.
            String body = new String(Bodies.read(in.getBody(InputStream.class), in.getHeader(Exchange.CONTENT_LENGTH, Long.class),
                    in.getHeader("Content-Encoding", String.class), maxBodyBytes), StandardCharsets.UTF_8);
            reply = api.handle(method, rawPath(path), query, headers, body,
                    request == null ? "unknown" : ClientAddress.of(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"), proxies));
        } catch (BadRequestException e) {
            reply = Reply.json(e.status(), JsonNodeFactory.instance.objectNode().put("error", e.getMessage()));
        }
        if (reply.stream() != null && in instanceof HttpMessage http) {
            stream(reply, http.getResponse());
            exchange.getMessage().setBody(null);
            return;
        }
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        out.setHeader(Exchange.CONTENT_TYPE, reply.contentType());
        out.setHeader("Cache-Control", "no-store");
        out.setHeader("X-Content-Type-Options", "nosniff");
        reply.headers().forEach(out::setHeader);
        out.setBody(reply.body());
    }

    /**
     * Writes server-sent events straight to the response, flushing each, on this request's thread until the client
     * goes (the write fails) or the feed closes.
     */
    private static void stream(Reply reply, HttpServletResponse response) {
        response.setStatus(reply.status());
        response.setContentType(reply.contentType());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        // Proxies such as nginx would otherwise hold the events back until a buffer fills.
        response.setHeader("X-Accel-Buffering", "no");
        try {
            OutputStream out = response.getOutputStream();
            reply.stream().run(new Reply.Sink() {
                @Override
                public void send(String event, JsonNode data) throws IOException {
                    write("event: " + event + "\ndata: " + data + "\n\n");
                }

                @Override
                public void comment(String text) throws IOException {
                    write(": " + text + "\n\n");
                }

                private void write(String text) throws IOException {
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            });
        } catch (IOException e) {
            LOG.debug("Stream closed by the client: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String rawPath(String uri) {
        try {
            return URI.create(uri).getRawPath();
        } catch (IllegalArgumentException e) {
            return uri;
        }
    }
}
