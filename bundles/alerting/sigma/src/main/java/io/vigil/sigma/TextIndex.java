package io.vigil.sigma;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Many texts found in one pass over a value (Aho–Corasick): each text carries the numbers of the rules that need it,
 * and a search marks the rules whose text occurs. Built once per rule set; searched for every event.
 */
final class TextIndex {

    private static final class Node {
        final Map<Character, Node> next = new HashMap<>();
        Node fail;
        /** Rules whose text ends here, or at a node this one's failure chain reaches. */
        final BitSet rules = new BitSet();
    }

    private final Node root = new Node();

    TextIndex(Map<String, BitSet> rulesByText) {
        rulesByText.forEach((text, rules) -> {
            Node node = root;
            for (char c : text.toCharArray()) {
                node = node.next.computeIfAbsent(c, key -> new Node());
            }
            node.rules.or(rules);
        });
        ArrayDeque<Node> queue = new ArrayDeque<>();
        root.fail = root;
        for (Node child : root.next.values()) {
            child.fail = root;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            Node node = queue.remove();
            for (Map.Entry<Character, Node> edge : node.next.entrySet()) {
                Node child = edge.getValue();
                Node fail = node.fail;
                while (fail != root && !fail.next.containsKey(edge.getKey())) {
                    fail = fail.fail;
                }
                Node target = fail.next.get(edge.getKey());
                child.fail = target != null && target != child ? target : root;
                child.rules.or(child.fail.rules);
                queue.add(child);
            }
        }
    }

    /** Marks in {@code found} the rules one of whose texts occurs in {@code text}. */
    void search(String text, BitSet found) {
        Node node = root;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            Node next = node.next.get(c);
            while (next == null && node != root) {
                node = node.fail;
                next = node.next.get(c);
            }
            node = next == null ? root : next;
            if (!node.rules.isEmpty()) {
                found.or(node.rules);
            }
        }
    }

    /** The texts of a list of requirements by field, each with the positions (in {@code rules}) of the rules needing it. */
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
