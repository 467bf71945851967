package io.vigil.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small MaxMind DB (format 2.0, https://maxmind.github.io/MaxMind-DB/): an IPv4 search tree over a few
 * networks and their City records, for tests that need a real {@code .mmdb} without shipping MaxMind's data.
 */
final class MmdbWriter {

    private static final int RECORD_BYTES = 3;
    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};

    /** A node of the search tree: a child per bit, or a data offset at a network's last bit. */
    private static final class Node {
        final Object[] children = new Object[2];
        int index;
    }

    private final Node root = new Node();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    /** Maps every address of {@code network/prefix} to {@code record} (maps, lists, strings, doubles, ints, booleans). */
    MmdbWriter add(String network, int prefix, Map<String, Object> record) throws IOException {
        int offset = data.size();
        encode(record, data);
        byte[] address = InetAddress.getByName(network).getAddress();
        Node node = root;
        for (int bit = 0; bit < prefix; bit++) {
            int side = (address[bit / 8] >> (7 - bit % 8)) & 1;
            if (bit == prefix - 1) {
                node.children[side] = offset;
            } else {
                if (!(node.children[side] instanceof Node)) {
                    node.children[side] = new Node();
                }
                node = (Node) node.children[side];
            }
        }
        return this;
    }

    void write(Path file) throws IOException {
        List<Node> nodes = new ArrayList<>();
        number(root, nodes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node node : nodes) {
            for (Object child : node.children) {
                long record = child instanceof Node next ? next.index : child instanceof Integer offset ? nodes.size() + 16L + offset : nodes.size();
                for (int i = RECORD_BYTES - 1; i >= 0; i--) {
                    out.write((int) (record >> (8 * i)) & 0xff);
                }
            }
        }
        out.write(new byte[16]);
        data.writeTo(out);
        out.write(METADATA_MARKER);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("node_count", new Unsigned(nodes.size(), 6));
        metadata.put("record_size", new Unsigned(RECORD_BYTES * 8, 5));
        metadata.put("ip_version", new Unsigned(4, 5));
        metadata.put("database_type", "GeoLite2-City");
        metadata.put("languages", List.of("en"));
        metadata.put("binary_format_major_version", new Unsigned(2, 5));
        metadata.put("binary_format_minor_version", new Unsigned(0, 5));
        metadata.put("build_epoch", new Unsigned(System.currentTimeMillis() / 1000, 9));
        metadata.put("description", Map.of("en", "Vigil test City database"));
        encode(metadata, out);
        Files.write(file, out.toByteArray());
    }

    private static void number(Node node, List<Node> nodes) {
        node.index = nodes.size();
        nodes.add(node);
        for (Object child : node.children) {
            if (child instanceof Node next) {
                number(next, nodes);
            }
        }
    }

    /** An unsigned integer of a given MaxMind type (5 = uint16, 6 = uint32, 9 = uint64). */
    private record Unsigned(long value, int type) {
    }

    private static void encode(Object value, ByteArrayOutputStream out) {
        if (value instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            control(2, bytes.length, out);
            out.writeBytes(bytes);
        } else if (value instanceof Double number) {
            control(3, 8, out);
            long bits = Double.doubleToLongBits(number);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (bits >> (8 * i)) & 0xff);
            }
        } else if (value instanceof Integer number) {
            // GeoLite2 stores small counts (accuracy_radius, metro_code) as uint16, which the reader maps to Integer.
            encode(new Unsigned(number, 5), out);
        } else if (value instanceof Unsigned number) {
            int length = 0;
            for (long rest = number.value(); rest != 0; rest >>>= 8) {
                length++;
            }
            control(number.type(), length, out);
            for (int i = length - 1; i >= 0; i--) {
                out.write((int) (number.value() >> (8 * i)) & 0xff);
            }
        } else if (value instanceof Boolean flag) {
            control(14, flag ? 1 : 0, out);
        } else if (value instanceof Map<?, ?> map) {
            control(7, map.size(), out);
            map.forEach((key, entry) -> {
                encode(key.toString(), out);
                encode(entry, out);
            });
        } else if (value instanceof List<?> list) {
            control(11, list.size(), out);
            list.forEach(element -> encode(element, out));
        } else {
            throw new IllegalArgumentException("cannot encode " + value);
        }
    }

    /** The control byte (type in the top 3 bits, 0 + a type byte for extended types) and the size. */
    private static void control(int type, int size, ByteArrayOutputStream out) {
        int first = (type <= 7 ? type : 0) << 5;
        byte[] extra;
        if (size < 29) {
            first |= size;
            extra = new byte[0];
        } else if (size < 285) {
            first |= 29;
            extra = new byte[] {(byte) (size - 29)};
        } else {
            first |= 30;
            int rest = size - 285;
            extra = new byte[] {(byte) (rest >> 8), (byte) rest};
        }
        out.write(first);
        if (type > 7) {
            out.write(type - 7);
        }
        out.writeBytes(extra);
    }

    /** A City record as GeoLite2 stores it. */
    static Map<String, Object> city(String city, String countryCode, String country, String continent, double latitude, double longitude,
            String timeZone, String subdivision, String postal) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("city", Map.of("names", Map.of("en", city)));
        record.put("continent", Map.of("code", continent, "names", Map.of("en", continent)));
        record.put("country", Map.of("iso_code", countryCode, "names", Map.of("en", country)));
        record.put("location", Map.of("latitude", latitude, "longitude", longitude, "time_zone", timeZone, "accuracy_radius", 100));
        record.put("postal", Map.of("code", postal));
        record.put("subdivisions", List.of(Map.of("iso_code", subdivision, "names", Map.of("en", subdivision))));
        return record;
    }
}
