package io.vigil.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A log line format: a regular expression compiled once, and the named groups it copies into an event, each
 * {@code field} (group and field of the same name) or {@code field=group}. A group that did not take part in the
 * match is copied as {@code null}, as MozDef's {@code match.group(name)} gives {@code None}.
 */
public final class LinePattern {

    private final Pattern pattern;
    private final List<String[]> fields = new ArrayList<>();

    public LinePattern(String regex, String... fields) {
        this.pattern = Pattern.compile(regex);
        for (String field : fields) {
            int equals = field.indexOf('=');
            this.fields.add(equals < 0 ? new String[] {field, field} : new String[] {field.substring(0, equals), field.substring(equals + 1)});
        }
    }

    /** Searches the line (like Python's {@code re.search}) and copies the groups into {@code target} when found. */
    public boolean copyInto(String line, ObjectNode target) {
        Matcher matcher = match(line);
        if (matcher != null) {
            copy(matcher, target);
        }
        return matcher != null;
    }

    /** Copies the groups of a match of this pattern into {@code target}. */
    public void copy(Matcher matcher, ObjectNode target) {
        for (String[] field : fields) {
            target.put(field[0], matcher.group(field[1]));
        }
    }

    /** Searches the line and returns the matcher, or {@code null} when the line does not match. */
    public Matcher match(String line) {
        Matcher matcher = pattern.matcher(line);
        return matcher.find() ? matcher : null;
    }
}
