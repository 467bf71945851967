package io.vigil.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One event's fields as a field mapping locates them: what compiled rules read. */
public interface EventFields {

    /** A Sigma field's values: none when it is absent, a null node when it is null; arrays flattened. */
    List<JsonNode> values(String field);

    /** Every scalar value anywhere in the event (text, number, boolean): what keywords search. */
    List<JsonNode> scalars();

    /**
     * A value's text lower-cased, for case-insensitive substring tests: an implementation may keep it for the event, so
     * that a thousand rules looking into one command line fold it once.
     */
    default String folded(JsonNode value) {
        return SigmaString.fold(value.asText());
    }
}
