package io.vigil.support;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network ({@code 10.0.0.0/8}, {@code 3001:db8::/64}, or one address), as Python's ipaddress and
 * netaddr read it: its first and last addresses and membership, with no name resolution.
 */
public final class IpNetwork {

    private final BigInteger first;
    private final BigInteger last;
    private final int length;
    private final int prefix;

    private IpNetwork(BigInteger first, BigInteger last, int length, int prefix) {
        this.first = first;
        this.last = last;
        this.length = length;
        this.prefix = prefix;
    }

    /** @throws IllegalArgumentException when {@code cidr} is no address literal with an optional prefix length */
    public static IpNetwork parse(String cidr) {
        String[] parts = cidr.trim().split("/", 2);
        byte[] address = literal(parts[0]);
        if (address == null) {
            throw new IllegalArgumentException("not a network: " + cidr);
        }
        int bits = address.length * 8;
        int prefix;
        try {
            prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a network: " + cidr, e);
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("not a network: " + cidr);
        }
        BigInteger host = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        BigInteger value = new BigInteger(1, address).andNot(host);
        return new IpNetwork(value, value.or(host), address.length, prefix);
    }

    /** Whether the two share an address (never across families). */
    public boolean overlaps(IpNetwork other) {
        return length == other.length && first.compareTo(other.last) <= 0 && other.first.compareTo(last) <= 0;
    }

    /** Canonical: the address alone for a single one, else first address and prefix length ({@code 10.0.0.0/8}). */
    @Override
    public String toString() {
        return prefix == length * 8 ? text(first) : text(first) + "/" + prefix;
    }

    /** Whether {@code ip}, an address literal of the same family, is in the network. */
    public boolean contains(String ip) {
        byte[] address = literal(ip);
        if (address == null || address.length != length) {
            return false;
        }
        BigInteger value = new BigInteger(1, address);
        return value.compareTo(first) >= 0 && value.compareTo(last) <= 0;
    }

    public String firstAddress() {
        return text(first);
    }

    public String lastAddress() {
        return text(last);
    }

    private String text(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, bytes, length - copy, copy);
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + length + " bytes", e);
        }
    }

    /** The address's bytes, or {@code null} when it is no literal (never a DNS lookup). */
    private static byte[] literal(String text) {
        if (!IpAddresses.isIpv4(text) && !IpAddresses.isIpv6(text)) {
            return null;
        }
        try {
            // Only literals reach here: InetAddress parses them without a lookup.
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
