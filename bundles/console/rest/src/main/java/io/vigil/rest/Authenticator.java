package io.vigil.rest;

import java.util.Optional;

/** Checks a name and password sent from an address; the user with their highest role, or empty when refused. */
interface Authenticator {

    Optional<User> authenticate(String name, char[] password, String address);
}
