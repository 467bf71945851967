package io.vigil.users;

import java.io.IOException;
import java.nio.file.Path;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/**
 * The login module of the realm {@code vigil}: a name and password checked against the users file (option
 * {@code file}), the user's roles added to the subject as Karaf's role principals, so Karaf's own commands and
 * anything reading JAAS subjects see them too. A user with Vigil's {@code admin} role also gets the Karaf roles of
 * option {@code karafAdminRoles}: the Karaf shell and JMX sign in through this realm, so they take the same salted
 * password as the console, and only Vigil's administrators get in.
 */
public class VigilLoginModule implements LoginModule {

    static final String FILE = "file";
    static final String ITERATIONS = "iterations";
    static final String KARAF_ADMIN_ROLES = "karafAdminRoles";
    private static final String ADMIN = "admin";

    private Subject subject;
    private CallbackHandler callbacks;
    private UsersFile users;
    private UsersFile.User user;
    private List<String> karafAdminRoles;
    private final List<Principal> added = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.users = UsersFile.of(Path.of(String.valueOf(options.get(FILE))), Integer.parseInt(String.valueOf(options.get(ITERATIONS))));
        Object karaf = options.get(KARAF_ADMIN_ROLES);
        this.karafAdminRoles = karaf == null ? List.of()
                : Arrays.stream(karaf.toString().split(",")).map(String::strip).filter(role -> !role.isEmpty()).toList();
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user: ");
        PasswordCallback password = new PasswordCallback("password: ", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw (LoginException) new LoginException("cannot ask for a name and password: " + e.getMessage()).initCause(e);
        }
        char[] secret = password.getPassword() == null ? new char[0] : password.getPassword();
        try {
            Optional<UsersFile.User> found = users.user(name.getName() == null ? "" : name.getName());
            // An unknown user costs a hash too, so the time taken does not tell which names exist.
            boolean valid = PasswordHash.matches(secret, found.map(UsersFile.User::password).orElse(Dummy.HASH));
            if (found.isEmpty() || !valid) {
                throw new FailedLoginException("wrong user name or password");
            }
            user = found.get();
            return true;
        } catch (IOException e) {
            throw (LoginException) new LoginException("cannot read " + users.path() + ": " + e.getMessage()).initCause(e);
        } finally {
            Arrays.fill(secret, '\0');
            password.clearPassword();
        }
    }

    @Override
    public boolean commit() {
        if (user == null) {
            return false;
        }
        added.add(new UserPrincipal(user.name()));
        Set<String> roles = new LinkedHashSet<>(user.roles());
        if (roles.contains(ADMIN)) {
            roles.addAll(karafAdminRoles);
        }
        roles.forEach(role -> added.add(new RolePrincipal(role)));
        subject.getPrincipals().addAll(added);
        return true;
    }

    @Override
    public boolean abort() {
        user = null;
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(added);
        added.clear();
        user = null;
        return true;
    }

    /** A hash of nothing anyone types, compared against when the user does not exist. */
    private static final class Dummy {
        static final String HASH = PasswordHash.hash(new char[] {'\0'}, PasswordHash.DEFAULT_ITERATIONS);
    }
}
