package io.vigil.users;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Vigil users", description = "Local users of the console and REST API: the JAAS realm over a users file")
public @interface UsersConfig {

    @AttributeDefinition(description = "JAAS realm name the REST API and console sign in with")
    String realm() default "vigil";

    @AttributeDefinition(description = "Users file: name = password, role, role (viewer, handler, admin); clear passwords are replaced by hashes when read")
    String file() default "etc/vigil.users";

    @AttributeDefinition(description = "PBKDF2 iterations of new hashes")
    int iterations() default PasswordHash.DEFAULT_ITERATIONS;

    @AttributeDefinition(description = "Karaf roles every user with Vigil's admin role holds as well, so that Vigil's administrators, and no one"
            + " else, sign in to the Karaf shell (SSH) and JMX with their Vigil password: those of Karaf's own admingroup")
    String[] karafAdminRoles() default {"manager", "viewer", "systembundles", "ssh"};

    @AttributeDefinition(description = "Rank of the realm among realms of the same name (higher wins)")
    int rank() default 1;
}
