package io.vigil.api.users;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The users of one JAAS realm, looked up by name; cheap enough to be asked on every request of a session. */
@ProviderType
public interface UserDirectory {

    /** The name of the JAAS realm these users sign in through. */
    String realm();

    /**
     * The user's roles now.
     *
     * @return empty when the realm no longer has the user
     * @throws IOException when the realm's store cannot be read (a session is then not trusted either)
     */
    Optional<List<String>> roles(String name) throws IOException;
}
