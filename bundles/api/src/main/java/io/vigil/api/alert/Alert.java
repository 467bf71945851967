package io.vigil.api.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.annotation.versioning.ProviderType;

/** An alert document as MozDef stores it in {@code alerts-YYYYMM}. */
@ProviderType
public interface Alert {

    /** The alert's {@code _source}. */
    ObjectNode document();

    /** Its {@code _id} once stored ({@code null} for the alert plugins, which see it before). */
    default String id() {
        return null;
    }

    /** Its {@code _index} once stored. */
    default String index() {
        return null;
    }

    /**
     * What a {@code {name}} placeholder of an action's template stands for: {@code id}, {@code index}, {@code folded}
     * (alerts held back by the throttle, {@code 0} if none), or the field at that dotted path of the document, where a
     * number picks from a list ({@code events.0.documentsource.hostname}; an object or list as JSON); empty when it is
     * missing.
     */
    default String text(String name) {
        switch (name) {
            case "id":
                return id() == null ? "" : id();
            case "index":
                return index() == null ? "" : index();
            case "folded":
                return document().path("details").path("folded").asText("0");
            default:
                JsonNode node = document();
                for (String part : name.split("\\.")) {
                    node = node.isArray() && part.matches("\\d{1,9}") ? node.path(Integer.parseInt(part)) : node.path(part);
                }
                return node.isValueNode() ? node.asText() : node.isMissingNode() ? "" : node.toString();
        }
    }

    /** {@code template} with each {@code {name}} placeholder replaced by {@code encode} of its {@link #text}. */
    default String fill(String template, UnaryOperator<String> encode) {
        Matcher matcher = Pattern.compile("\\{([A-Za-z0-9_.]+)}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(encode.apply(text(matcher.group(1)))));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
