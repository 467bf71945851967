package io.vigil.sigma;

import io.vigil.sigma.rules.SigmaRules;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Which loaded rules run: the configuration's {@code disabled} (ids and globs of rule files' paths), overridden by the
 * switches administrators set. Of the switches naming a rule, one by its id decides, else the one with the longest
 * glob, the later set among equals (so {@code windows/**} off and {@code windows/builtin/security/**} on runs the
 * latter's rules and no other of the former's).
 */
public final class Switches {

    private record Target(String text, PathMatcher glob) {

        boolean names(String id, Path where) {
            return text.equals(id) || glob.matches(where);
        }
    }

    private final List<Target> configured;
    private final Map<Target, SigmaRules.Switch> set;

    private Switches(List<Target> configured, Map<Target, SigmaRules.Switch> set) {
        this.configured = configured;
        this.set = set;
    }

    /** @throws IllegalArgumentException when a target is not a glob */
    public static Switches of(List<String> configured, List<SigmaRules.Switch> set) {
        return new Switches(configured.stream().map(Switches::target).toList(),
                set.stream().collect(Collectors.toMap(item -> target(item.target()), Function.identity(), (first, second) -> second, LinkedHashMap::new)));
    }

    /** Configuration only. */
    public static Switches of(List<String> configured) {
        return of(configured, List.of());
    }

    private static Target target(String text) {
        try {
            return new Target(text, FileSystems.getDefault().getPathMatcher("glob:" + text));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is neither a rule's id nor a glob of rule files: " + e.getDescription());
        }
    }

    /** Whether {@code target} names the rule of this id (may be {@code null}) and file (as listings show it). */
    public static boolean names(String target, String id, Path where) {
        return naming(target).test(id, where);
    }

    /**
     * What {@code target} names, its glob compiled once for all the rules it is tried on.
     *
     * @throws IllegalArgumentException when the target is not a glob
     */
    public static BiPredicate<String, Path> naming(String target) {
        return target(target)::names;
    }

    /** Whether the rule of this id (may be {@code null}) and file (as listings show it) is kept from running. */
    public boolean disabled(String id, Path where) {
        SigmaRules.Switch decides = null;
        int length = -1;
        for (Map.Entry<Target, SigmaRules.Switch> entry : set.entrySet()) {
            Target target = entry.getKey();
            if (id != null && target.text().equals(id)) {
                return !entry.getValue().enabled();
            }
            if (target.text().length() >= length && target.glob().matches(where)) {
                decides = entry.getValue();
                length = target.text().length();
            }
        }
        if (decides != null) {
            return !decides.enabled();
        }
        return configured.stream().anyMatch(target -> target.names(id, where));
    }

    public List<SigmaRules.Switch> switches() {
        return List.copyOf(set.values());
    }
}
