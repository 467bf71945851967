package io.vigil.sigma;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Many texts found in one pass over a value (Aho–Corasick): each text carries the numbers of the rules that need it,
 * and a search marks the rules whose text occurs. Built once per rule set; searched for every value of every indexed
 * field of every event, so the automaton is flat arrays (sorted transitions per state, a table for the first
 * character) rather than maps of boxed characters.
 */
final class TextIndex {

    /** A state while building: its transitions in character order. */
    private static final class Node {
        final TreeMap<Character, Node> next = new TreeMap<>();
        Node fail;
        int number;
        /** Rules whose text ends here, or at a state this one's failure chain reaches. */
        final BitSet rules = new BitSet();
    }

    private static final int ROOT = 0;

    private final char[][] keys;
    private final int[][] targets;
    private final int[] fail;
    /** The rules marked on reaching a state; {@code null} where none. */
    private final BitSet[] out;
    /**
     * For the states with many transitions (the root, the states of one or two characters), those for the characters
     * below 128 as a table, {@code -1} for none: most of a search happens there, and a binary search over thirty
     * characters at every step showed at the top of the profile.
     */
    private final int[][] dense;
    private static final int DENSE = 8;

    TextIndex(Map<String, BitSet> rulesByText) {
        Node root = new Node();
        rulesByText.forEach((text, rules) -> {
            Node node = root;
            for (char c : text.toCharArray()) {
                node = node.next.computeIfAbsent(c, key -> new Node());
            }
            node.rules.or(rules);
        });
        // Breadth first: failure links point to shallower states, which are complete by then; numbered in that order.
        List<Node> nodes = new ArrayList<>();
        ArrayDeque<Node> queue = new ArrayDeque<>();
        root.fail = root;
        queue.add(root);
        while (!queue.isEmpty()) {
            Node node = queue.remove();
            node.number = nodes.size();
            nodes.add(node);
            for (Map.Entry<Character, Node> edge : node.next.entrySet()) {
                Node child = edge.getValue();
                Node fail = node.fail;
                while (fail != root && !fail.next.containsKey(edge.getKey())) {
                    fail = fail.fail;
                }
                Node target = node == root ? root : fail.next.get(edge.getKey());
                child.fail = target != null ? target : root;
                child.rules.or(child.fail.rules);
                queue.add(child);
            }
        }
        keys = new char[nodes.size()][];
        targets = new int[nodes.size()][];
        fail = new int[nodes.size()];
        out = new BitSet[nodes.size()];
        for (Node node : nodes) {
            int i = node.number;
            keys[i] = new char[node.next.size()];
            targets[i] = new int[node.next.size()];
            int k = 0;
            for (Map.Entry<Character, Node> edge : node.next.entrySet()) {
                keys[i][k] = edge.getKey();
                targets[i][k++] = edge.getValue().number;
            }
            fail[i] = node.fail.number;
            out[i] = node.rules.isEmpty() ? null : node.rules;
        }
        dense = new int[nodes.size()][];
        for (int i = 0; i < keys.length; i++) {
            if (i == ROOT || keys[i].length >= DENSE) {
                dense[i] = new int[128];
                Arrays.fill(dense[i], -1);
                for (int k = 0; k < keys[i].length && keys[i][k] < 128; k++) {
                    dense[i][keys[i][k]] = targets[i][k];
                }
            }
        }
    }

    private int step(int state, char c) {
        int[] table = dense[state];
        if (table != null && c < 128) {
            return table[c];
        }
        int k = Arrays.binarySearch(keys[state], c);
        return k < 0 ? -1 : targets[state][k];
    }

    /**
     * Marks in {@code found} the rules one of whose texts occurs in {@code text} ignoring case: the texts are folded
     * ({@link SigmaString#fold}), and {@code text} is folded here a character at a time, without a folded copy. That
     * finds whatever folding the whole text would (it differs only where one character becomes two, such as İ, or by
     * context, such as a final Σ: never in an ASCII text), so the prefilter lets through all it must.
     */
    void search(String text, BitSet found) {
        int state = ROOT;
        for (int i = 0; i < text.length(); i++) {
            char c = fold(text.charAt(i));
            int next = step(state, c);
            while (next < 0 && state != ROOT) {
                state = fail[state];
                next = step(state, c);
            }
            state = next < 0 ? ROOT : next;
            if (out[state] != null) {
                found.or(out[state]);
            }
        }
    }

    private static char fold(char c) {
        if (c < 128) {
            return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return c == '\u017f' ? 's' : c == '\u0131' ? 'i' : Character.toLowerCase(c);
    }

    /**
     * The texts of a list of requirements by field, each with the positions (in {@code requirements}) of the rules
     * needing it.
     */
    static Map<String, TextIndex> byField(List<Requirement> requirements) {
        Map<String, Map<String, BitSet>> texts = new HashMap<>();
        for (int i = 0; i < requirements.size(); i++) {
            Requirement requirement = requirements.get(i);
            if (requirement != null) {
                int rule = i;
                requirement.textsByField().forEach((field, needed) -> needed.forEach(
                        text -> texts.computeIfAbsent(field, key -> new HashMap<>()).computeIfAbsent(text, key -> new BitSet()).set(rule)));
            }
        }
        Map<String, TextIndex> indices = new HashMap<>();
        texts.forEach((field, byText) -> indices.put(field, new TextIndex(byText)));
        return indices;
    }
}
