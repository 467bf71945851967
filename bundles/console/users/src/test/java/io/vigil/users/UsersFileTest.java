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
        Files.writeString(file, "erin = right, handler\nfrank = other, admin\n");
        Map<String, String> options = Map.of(VigilLoginModule.FILE, file.toString(), VigilLoginModule.ITERATIONS, Integer.toString(FAST),
                VigilLoginModule.KARAF_ADMIN_ROLES, "viewer, ssh");
        Subject subject = new Subject();
        VigilLoginModule module = login(subject, "erin", "right", options);
        assertTrue(module.login());
        assertTrue(module.commit());
        assertEquals(Set.of("UserPrincipal:erin", "RolePrincipal:handler"), principals(subject));
        module.logout();
        assertTrue(subject.getPrincipals().isEmpty());

        // An administrator of Vigil is one of Karaf's too (shell, JMX); a handler is not.
        Subject admin = new Subject();
        VigilLoginModule karaf = login(admin, "frank", "other", options);
        assertTrue(karaf.login());
        assertTrue(karaf.commit());
        assertEquals(Set.of("UserPrincipal:frank", "RolePrincipal:admin", "RolePrincipal:viewer", "RolePrincipal:ssh"), principals(admin));

        for (String[] wrong : new String[][] {{"erin", "wrong"}, {"nobody", "right"}}) {
            VigilLoginModule refused = login(new Subject(), wrong[0], wrong[1], options);
            assertEquals("wrong user name or password", assertThrows(FailedLoginException.class, refused::login).getMessage());
        }
    }

    private static VigilLoginModule login(Subject subject, String name, String password, Map<String, String> options) {
        VigilLoginModule module = new VigilLoginModule();
        module.initialize(subject, callbacks -> {
            ((NameCallback) callbacks[0]).setName(name);
            ((PasswordCallback) callbacks[1]).setPassword(password.toCharArray());
        }, Map.of(), options);
        return module;
    }

    private static Set<String> principals(Subject subject) {
        return subject.getPrincipals().stream().map(p -> p.getClass().getSimpleName() + ":" + p.getName()).collect(Collectors.toSet());
    }
}
