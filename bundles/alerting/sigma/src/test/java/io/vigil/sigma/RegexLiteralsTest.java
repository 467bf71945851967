package io.vigil.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RegexLiteralsTest {

    @Test
    void theLongestRunOutsideGroupsClassesAndQuantifiersIsRequired() {
        // SigmaHQ's Invoke-Obfuscation "via stdin": groups, classes and what a ? or * makes optional end a run
        assertEquals("set", RegexLiterals.required("(?i)(set).*&&\\s?set.*(environment|invoke|\\$?\\{?input).*&&.*\"", 0));
        assertEquals("\\powershell.exe", RegexLiterals.required("^C:\\\\Windows\\\\.*\\\\PowerShell\\.exe", 0));
        assertEquals("cmd.exe /c", RegexLiterals.required("cmd\\.exe /c", 0));
        // x+ needs x, but not x followed directly by what comes after more x's; x? and x* need nothing
        assertEquals("abc", RegexLiterals.required("abc+de", 0));
        assertEquals("ab", RegexLiterals.required("abc?de", 0));
        assertEquals("efgh", RegexLiterals.required("ab(c|d)efgh[0-9]{2}i", 0));
        assertEquals("xyz", RegexLiterals.required("a{2,3}xyz\\d", 0));
    }

    @Test
    void whatItCannotReadGivesNothing() {
        assertNull(RegexLiterals.required("cmd|powershell", 0), "an alternation at the top");
        assertNull(RegexLiterals.required("(?x) c m d", 0), "comments mode");
        assertNull(RegexLiterals.required("cmd", Pattern.COMMENTS));
        assertNull(RegexLiterals.required("\\x41bc\\u0041", 0), "hex escapes");
        assertNull(RegexLiterals.required("\\Qa.b\\E", 0), "quoting");
        assertNull(RegexLiterals.required("[]a]bc", 0), "']' first in a class");
        assertNull(RegexLiterals.required("(abc", 0), "unclosed");
        assertNull(RegexLiterals.required(".*", 0));
        assertNull(RegexLiterals.required("*abc", 0));
    }

    @Test
    void whatItFindsIsInEveryMatch() {
        String[][] cases = {
            {"(?i)(set).*&&\\s?set.*(environment|invoke|\\$?\\{?input).*&&.*\"", "SET x&&SET y=invoke && \""},
            {"abc+de", "xxabcccdexx"},
            {"ab(c|d)efgh[0-9]{2}i", "abdefgh12i"},
            {"(?i)mimikatz", "MiMiKaTz.exe"},
        };
        for (String[] c : cases) {
            assertTrue(Pattern.compile(c[0]).matcher(c[1]).find(), c[0]);
            assertTrue(SigmaString.fold(c[1]).contains(RegexLiterals.required(c[0], 0)), c[0]);
        }
    }
}
