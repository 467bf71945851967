package io.vigil.plugin.zeek;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.support.Fields;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Summaries written as MozDef wrote them, with Python's {@code str.format(**details)}: {@code {field}} and
 * {@code {field[0]}} placeholders; a field the log lacks fails the summary, as it did in MozDef.
 */
final class Summaries {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)(?:\\[(\\d+)])?}");

    private Summaries() {
    }

    static String format(String template, ObjectNode fields) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            JsonNode value = fields.get(matcher.group(1));
            if (value != null && matcher.group(2) != null) {
                value = value.get(Integer.parseInt(matcher.group(2)));
            }
            if (value == null) {
                throw new IllegalArgumentException("Zeek log lacks " + matcher.group() + " for its summary");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(Fields.pythonStr(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
