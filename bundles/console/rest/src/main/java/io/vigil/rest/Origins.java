package io.vigil.rest;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Origins compared as browsers make them: scheme, host and port, the port written out even where it is the scheme's
 * default ({@code https://vigil.example} is {@code https://vigil.example:443}). The API's own origin is the scheme it
 * is served over (or the {@code X-Forwarded-Proto} of a trusted proxy in front, the only one whose header reaches
 * here) with the {@code Host} the request names.
 */
final class Origins {

    static final String FORWARDED_PROTO = "x-forwarded-proto";

    private Origins() {
    }

    /** The origin the request was sent to; null without a readable {@code Host}. */
    static String own(Map<String, String> headers, boolean secure) {
        String scheme = headers.getOrDefault(FORWARDED_PROTO, secure ? "https" : "http").split(",")[0].strip().toLowerCase(Locale.ROOT);
        String host = headers.get("host");
        return host == null ? null : of(scheme, host);
    }

    /** An {@code Origin} header's value as an origin; null when unreadable. */
    static String sent(String origin) {
        try {
            URI uri = URI.create(origin);
            return uri.getScheme() == null || uri.getRawAuthority() == null ? null : of(uri.getScheme().toLowerCase(Locale.ROOT), uri.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether a {@code Host} names this machine's loopback (a name no other site can take over through DNS). */
    static boolean loopback(String host) {
        String name = name(host);
        return name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]");
    }

    private static String of(String scheme, String authority) {
        String lower = authority.toLowerCase(Locale.ROOT);
        int colon = lower.lastIndexOf(':');
        boolean ported = colon > lower.lastIndexOf(']');
        String port = ported ? lower.substring(colon + 1) : scheme.equals("https") ? "443" : scheme.equals("http") ? "80" : "";
        if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return scheme + "://" + (ported ? lower.substring(0, colon) : lower) + ":" + Integer.parseInt(port);
    }

    private static String name(String host) {
        String lower = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        int colon = lower.lastIndexOf(':');
        return colon > lower.lastIndexOf(']') ? lower.substring(0, colon) : lower;
    }
}
