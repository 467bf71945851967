/**
 * Users of a sign-in realm as they are now: a realm registers a {@link io.vigil.api.users.UserDirectory}, which the
 * REST API asks whenever a session signed in through that realm is used, so that a user removed or given another role
 * is followed at once rather than when the session ends.
 */
@Export
@Version("1.0.0")
package io.vigil.api.users;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
