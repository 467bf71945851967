package io.vigil.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.sigma.rules.SigmaRules;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwitchesTest {

    private static SigmaRules.Switch set(String target, boolean enabled) {
        return new SigmaRules.Switch(target, enabled, "admin", Instant.parse("2026-12-07T10:00:00Z"), "why");
    }

    @Test
    void theConfigurationDecidesWhereNoSwitchNamesTheRule() {
        Switches switches = Switches.of(List.of("r1", "deprecated/**"), List.of(set("windows/**", false)));
        assertTrue(switches.disabled("r1", Path.of("linux/a.yml")));
        assertTrue(switches.disabled(null, Path.of("deprecated/x/b.yml")));
        assertFalse(switches.disabled("r2", Path.of("linux/a.yml")));
        assertTrue(switches.disabled("r2", Path.of("windows/a.yml")));
    }

    @Test
    void aSwitchByIdBeatsTheLongestGlobWhichBeatsTheConfiguration() {
        Switches switches = Switches.of(List.of("windows/builtin/**"), List.of(set("r1", true), set("windows/**", false),
                set("windows/builtin/security/**", true)));
        assertFalse(switches.disabled("r2", Path.of("windows/builtin/security/a.yml")), "the longer glob enables");
        assertTrue(switches.disabled("r2", Path.of("windows/builtin/system/a.yml")), "the shorter glob disables");
        assertFalse(switches.disabled("r1", Path.of("windows/builtin/system/a.yml")), "the id enables");
        assertEquals(3, switches.switches().size());
    }

    @Test
    void aSwitchTurnsBackOnWhatTheConfigurationDisables() {
        assertFalse(Switches.of(List.of("deprecated/**"), List.of(set("deprecated/**", true))).disabled("r", Path.of("deprecated/a.yml")));
    }

    @Test
    void amongEqualGlobsTheLaterSetDecides() {
        assertTrue(Switches.of(List.of(), List.of(set("windows/*", true), set("**/a.yml*", false))).disabled("r", Path.of("windows/a.yml")));
        assertFalse(Switches.of(List.of(), List.of(set("**/a.yml*", false), set("windows/*", true))).disabled("r", Path.of("windows/a.yml")));
    }

    @Test
    void aTargetThatIsNoGlobIsRefusedWithTheReason() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Switches.names("windows/{a", null, Path.of("")));
        assertTrue(refused.getMessage().contains("windows/{a"), refused.getMessage());
        assertTrue(Switches.names("rule-id", "rule-id", Path.of("x.yml")));
        assertTrue(Switches.names("*!windows/**", null, Path.of("pack 1.0.0!windows/a.yml")));
    }
}
