package io.vigil.support.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Texts as hands and tools garble them: a good file with characters inserted, deleted or replaced at random places. */
public final class FuzzText {

    /** What breaks YAML, JSON and rule syntax most: structure, quoting, escapes, line breaks. */
    private static final List<Character> SYNTAX = List.of(':', '-', '|', '[', ']', '{', '}', '\'', '"', '*', '\\', ' ', '\n', '\t', '&', '!', '%', '#', '@',
            '>', '?', ',', '0', 'x');

    private FuzzText() {
    }

    /** {@code template} with up to {@code maxEdits} characters inserted, deleted or replaced. */
    public static Arbitrary<String> garbled(String template, int maxEdits) {
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, template.length()), Arbitraries.integers().between(0, 2),
                Arbitraries.of(SYNTAX)).as((at, kind, c) -> new int[] {at, kind, c});
        return edit.list().ofMaxSize(maxEdits).map(edits -> {
            StringBuilder text = new StringBuilder(template);
            for (int[] e : edits) {
                int at = Math.min(e[0], text.length());
                int last = Math.max(0, text.length() - 1);
                if (e[1] == 0 || text.length() == 0) {
                    text.insert(at, (char) e[2]);
                } else if (e[1] == 1) {
                    text.deleteCharAt(Math.min(at, last));
                } else {
                    text.setCharAt(Math.min(at, last), (char) e[2]);
                }
            }
            return text.toString();
        });
    }
}
