package io.vigil.rest;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Vigil REST API", description = "The REST API of routes/rest.xml; its port, host and TLS are the route placeholders {{rest.*}}")
public @interface RestConfig {

    @AttributeDefinition(description = "JAAS realm users sign in with: vigil (etc/vigil.users), karaf, or a realm of your own (LDAP)")
    String realm() default "vigil";

    @AttributeDefinition(description = "Seconds a successful sign-in is remembered for the same name and password")
    int rememberSeconds() default 300;

    @AttributeDefinition(description = "http, or https (TLS only; the console's session cookie is then marked Secure)")
    String scheme() default "http";

    @AttributeDefinition(description = "Minutes a console session may stay unused before it ends")
    int sessionIdleMinutes() default 30;

    @AttributeDefinition(description = "Hours after which a console session ends, used or not")
    int sessionHours() default 12;

    @AttributeDefinition(description = "Failed sign-ins of one user name from one address within 5 minutes after which that name's sign-ins from "
            + "there are refused (429) until they age out; sign-ins of the name from elsewhere go on")
    int maxFailedSignIns() default 10;

    @AttributeDefinition(description = "Failed sign-ins from one address within 5 minutes, whatever the names, after which its sign-ins are refused")
    int maxFailedSignInsPerAddress() default 30;

    @AttributeDefinition(description = "Failed sign-ins of one user name within 5 minutes, from all addresses together, after which its sign-ins "
            + "are refused (guessing from many addresses)")
    int maxFailedSignInsPerName() default 100;

    @AttributeDefinition(description = "Addresses of the proxies in front of the REST API (a load balancer), separated by commas: for a request "
            + "from one of them, the client's address is the last one of X-Forwarded-For that is not a proxy's; from anywhere else the header is ignored")
    String trustedProxies() default "";

    @AttributeDefinition(description = "Largest request body accepted, in bytes, also after gzip inflation (413 beyond, before sign-in)")
    int maxBodyBytes() default 1024 * 1024;

    @AttributeDefinition(description = "OpenID Connect: the provider's issuer URL (its discovery document is <issuer>/.well-known/openid-configuration); empty: no OIDC sign-in")
    String oidcIssuer() default "";

    @AttributeDefinition(description = "OpenID Connect: Vigil's client id at the provider")
    String oidcClientId() default "vigil";

    @AttributeDefinition(description = "OpenID Connect: the client secret (empty for a public client: PKCE protects the code either way)", type = AttributeType.PASSWORD)
    String oidcClientSecret() default "";

    @AttributeDefinition(description = "OpenID Connect: the redirect URI registered at the provider; empty: sign-in through a loopback Host only"
            + " (localhost, 127.0.0.1, [::1]), to <scheme>://<Host>/api/session/oidc/callback")
    String oidcRedirectUri() default "";

    String oidcScopes() default "openid email profile";

    @AttributeDefinition(description = "OpenID Connect: the claim naming the user (then preferred_username, then sub); email only when the "
            + "provider says email_verified")
    String oidcUserClaim() default "email";

    @AttributeDefinition(description = "OpenID Connect: the claim holding the user's groups or roles")
    String oidcRoleClaim() default "groups";

    @AttributeDefinition(description = "OpenID Connect: values of the role claim and the Vigil roles they give, e.g. vigil-admins=admin,soc=handler,staff=viewer")
    String oidcRoles() default "";

    @AttributeDefinition(description = "OpenID Connect: the role of a user whose claim maps to none (empty: refused with 403)")
    String oidcDefaultRole() default "";

    @AttributeDefinition(description = "Indices searched for events")
    String eventsIndex() default "events-*,-events-deadletter";

    @AttributeDefinition(description = "Indices of the alerts")
    String alertsIndex() default "alerts-*";

    String incidentsIndex() default "incidents";

    String investigationsIndex() default "investigations";

    String watchlistIndex() default "watchlist";

    @AttributeDefinition(description = "Duplicate chains of the triage bot")
    String chainsIndex() default "duplicatechains";

    @AttributeDefinition(description = "Kibana's index, for /kibanadashboards")
    String kibanaIndex() default ".kibana";

    @AttributeDefinition(description = "File of the VERIS tags the console offers (MozDef's veris.dotformat.txt form: one dotted tag a line); empty = Vigil's own short list")
    String verisTaxonomy() default "";
}
