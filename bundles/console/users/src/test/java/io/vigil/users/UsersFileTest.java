package io.vigil.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

    private static final int FAST = 1000;

    @TempDir
    Path dir;

    @Test
    void clearPasswordsAreReplacedByHashesAndCommentsKept() throws Exception {
        Path file = dir.resolve("vigil.users");
        Files.writeString(file, "# handlers\nalice = s3cret, handler, viewer\n\nbob=pw\n");
        UsersFile users = new UsersFile(file, FAST);
        UsersFile.User alice = users.user("alice").orElseThrow();
        assertEquals(List.of("handler", "viewer"), alice.roles());
        assertTrue(PasswordHash.matches("s3cret".toCharArray(), alice.password()));
        assertEquals(List.of(), users.user("bob").orElseThrow().roles());
        String written = Files.readString(file);
        assertFalse(written.contains("s3cret"), written);
        assertTrue(written.startsWith("# handlers\nalice = {PBKDF2}sha256:1000:"), written);
        assertTrue(written.contains(", handler, viewer\n"), written);
        // Read again as written, the hashes are kept, not hashed twice.
        UsersFile again = new UsersFile(file, FAST);
        assertEquals(alice.password(), again.user("alice").orElseThrow().password());
        assertEquals(written, Files.readString(file));
    }

    @Test
    void changesAreSeenWithoutARestart() throws Exception {
        Path file = dir.resolve("vigil.users");
        UsersFile users = new UsersFile(file, FAST);
        assertEquals(0, users.size());
        Files.writeString(file, "carol = x, admin\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(List.of("admin"), users.user("carol").orElseThrow().roles());
        Files.writeString(file, "dave = y, viewer\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertTrue(users.user("carol").isEmpty());
        assertTrue(users.user("dave").isPresent());
    }

    @Test
    void hashesAreSaltedAndChecked() {
        String one = PasswordHash.hash("pw".toCharArray(), FAST);
        String two = PasswordHash.hash("pw".toCharArray(), FAST);
        assertFalse(one.equals(two));
        assertTrue(PasswordHash.matches("pw".toCharArray(), two));
        assertFalse(PasswordHash.matches("pW".toCharArray(), one));
        assertFalse(PasswordHash.matches("pw".toCharArray(), "pw"));
        assertFalse(PasswordHash.matches("pw".toCharArray(), PasswordHash.PREFIX + "1000:!!:??"));
    }

    @Test
    void theLoginModuleGivesTheUserAndRolesOrRefuses() throws Exception {
        Path file = dir.resolve("login.users");
        Files.writeString(file, "erin = right, handler\n");
        Map<String, String> options = Map.of(VigilLoginModule.FILE, file.toString(), VigilLoginModule.ITERATIONS, Integer.toString(FAST));
        Subject subject = new Subject();
        VigilLoginModule module = new VigilLoginModule();
        module.initialize(subject, callbacks -> {
            ((NameCallback) callbacks[0]).setName("erin");
            ((PasswordCallback) callbacks[1]).setPassword("right".toCharArray());
        }, Map.of(), options);
        assertTrue(module.login());
        assertTrue(module.commit());
        Set<String> names = subject.getPrincipals().stream().map(p -> p.getClass().getSimpleName() + ":" + p.getName()).collect(Collectors.toSet());
        assertEquals(Set.of("UserPrincipal:erin", "RolePrincipal:handler"), names);
        module.logout();
        assertTrue(subject.getPrincipals().isEmpty());

        for (String[] wrong : new String[][] {{"erin", "wrong"}, {"nobody", "right"}}) {
            VigilLoginModule refused = new VigilLoginModule();
            refused.initialize(new Subject(), callbacks -> {
                ((NameCallback) callbacks[0]).setName(wrong[0]);
                ((PasswordCallback) callbacks[1]).setPassword(wrong[1].toCharArray());
            }, Map.of(), options);
            assertEquals("wrong user name or password", assertThrows(FailedLoginException.class, refused::login).getMessage());
        }
    }
}
