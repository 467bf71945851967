package io.vigil.support;

/**
 * IP address literals, checked without name resolution ({@link java.net.InetAddress} would look host names up on
 * the event path).
 */
public final class IpAddresses {

    private IpAddresses() {
    }

    /** A dotted quad of four decimal numbers 0-255. */
    public static boolean isIpv4(String text) {
        if (text == null) {
            return false;
        }
        int parts = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || value > 255) {
                    return false;
                }
                parts++;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                digits++;
            } else {
                return false;
            }
        }
        return parts == 4;
    }

    /** An IPv6 literal: up to eight groups of 1-4 hex digits, at most one {@code ::}, an optional IPv4 tail. */
    public static boolean isIpv6(String text) {
        if (text == null || text.length() < 2 || text.indexOf(':') < 0) {
            return false;
        }
        int compressed = text.indexOf("::");
        if (compressed >= 0 && text.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        String[] groups = text.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (group.isEmpty()) {
                boolean edge = (i == 0 || i == groups.length - 1) && compressed >= 0;
                boolean inCompression = compressed >= 0;
                if (!edge && !inCompression) {
                    return false;
                }
                continue;
            }
            if (i == groups.length - 1 && group.indexOf('.') >= 0) {
                if (!isIpv4(group)) {
                    return false;
                }
                count += 2;
                continue;
            }
            if (group.length() > 4 || !hex(group)) {
                return false;
            }
            count++;
        }
        return compressed >= 0 ? count < 8 : count == 8;
    }

    private static boolean hex(String group) {
        for (int i = 0; i < group.length(); i++) {
            if (Character.digit(group.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
