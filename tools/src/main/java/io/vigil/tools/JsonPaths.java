package io.vigil.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/** The fixture format's paths: {@code a.b}, {@code a[0].b}, and {@code ['a.b']} for keys that contain dots. */
final class JsonPaths {

    private JsonPaths() {
    }

    static JsonNode at(JsonNode root, String path) {
        if (path.equals(".")) {
            return root;
        }
        JsonNode node = root;
        for (Object step : steps(path)) {
            if (node == null || node.isMissingNode()) {
                return MissingNode.getInstance();
            }
            node = step instanceof Integer index ? node.path(index) : node.path((String) step);
        }
        return node;
    }

    static List<Object> steps(String path) {
        List<Object> steps = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
            } else if (path.startsWith("['", i)) {
                int end = path.indexOf("']", i);
                steps.add(path.substring(i + 2, end));
                i = end + 2;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                steps.add(Integer.parseInt(path.substring(i + 1, end)));
                i = end + 1;
            } else {
                int end = i;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                steps.add(path.substring(i, end));
                i = end;
            }
        }
        return steps;
    }
}
