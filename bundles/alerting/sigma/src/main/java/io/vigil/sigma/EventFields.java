package io.vigil.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One event's fields as a field mapping locates them: what compiled rules read. */
public interface EventFields {

    /** A Sigma field's values: none when it is absent, a null node when it is null; arrays flattened. */
    List<JsonNode> values(String field);

    /** Every scalar value anywhere in the event, as text: what keywords search. */
    List<String> texts();
}
