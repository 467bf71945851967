package io.vigil.syslog;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** RFC 5424 §6.3 structured data, {@code [id name="value" ...][id2 ...]}, as {@code details.<id>.<name>}. */
final class StructuredData {

    private StructuredData() {
    }

    /** @return the index after the last element, or -1 when the text there is no structured data */
    static int parse(String text, int start, ObjectNode details) {
        int at = start;
        if (at >= text.length() || text.charAt(at) != '[') {
            return -1;
        }
        while (at < text.length() && text.charAt(at) == '[') {
            int end = name(text, at + 1);
            if (end == at + 1) {
                return -1;
            }
            ObjectNode element = details.putObject(text.substring(at + 1, end));
            at = end;
            while (at < text.length() && text.charAt(at) == ' ') {
                int nameEnd = name(text, at + 1);
                if (nameEnd == at + 1 || !text.startsWith("=\"", nameEnd)) {
                    return -1;
                }
                StringBuilder value = new StringBuilder();
                int i = nameEnd + 2;
                for (; i < text.length() && text.charAt(i) != '"'; i++) {
                    char c = text.charAt(i);
                    // §6.3.3: only '"', '\' and ']' are escaped; a backslash before anything else is itself.
                    if (c == '\\' && i + 1 < text.length() && "\"\\]".indexOf(text.charAt(i + 1)) >= 0) {
                        c = text.charAt(++i);
                    }
                    value.append(c);
                }
                if (i >= text.length()) {
                    return -1;
                }
                element.put(text.substring(at + 1, nameEnd), value.toString());
                at = i + 1;
            }
            if (at >= text.length() || text.charAt(at) != ']') {
                return -1;
            }
            at++;
        }
        return at;
    }

    /** The end of an SD-NAME: printable US-ASCII but '=', ' ', ']' and '"'. */
    private static int name(String text, int start) {
        int at = start;
        while (at < text.length() && at - start < 32) {
            char c = text.charAt(at);
            if (c <= ' ' || c > '~' || c == '=' || c == ']' || c == '"') {
                break;
            }
            at++;
        }
        return at;
    }
}
