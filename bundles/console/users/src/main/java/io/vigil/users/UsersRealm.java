package io.vigil.users;

import io.vigil.api.users.UserDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.config.impl.Config;
import org.apache.karaf.jaas.config.impl.Module;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the JAAS realm of Vigil's local users with Karaf's JAAS configuration. A realm, not a user store of its
 * own, so a site can point the REST API's {@code realm} at Karaf's LDAP or properties realms instead. Its users file is
 * also a {@link UserDirectory}, so console sessions follow a user's removal or new role at once.
 */
@Component(name = "io.vigil.users", configurationPid = "io.vigil.users", configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = UsersConfig.class)
public class UsersRealm {

    private static final Logger LOG = LoggerFactory.getLogger(UsersRealm.class);

    private final ServiceRegistration<JaasRealm> registration;
    private final ServiceRegistration<UserDirectory> directory;

    @Activate
    public UsersRealm(UsersConfig config, BundleContext context) throws IOException {
        Path file = Path.of(System.getProperty("karaf.base", ".")).resolve(config.file());
        Module module = new Module();
        module.setName(config.realm());
        module.setClassName(VigilLoginModule.class.getName());
        module.setFlags("required");
        Properties options = new Properties();
        options.setProperty(VigilLoginModule.FILE, file.toString());
        options.setProperty(VigilLoginModule.ITERATIONS, Integer.toString(config.iterations()));
        options.setProperty(VigilLoginModule.KARAF_ADMIN_ROLES, String.join(",", config.karafAdminRoles()));
        module.setOptions(options);
        Config realm = new Config();
        realm.setName(config.realm());
        realm.setRank(config.rank());
        realm.setBundleContext(context);
        realm.setModules(new Module[] {module});
        // Read once now: clear passwords become hashes at start, not at the first sign-in.
        UsersFile read = UsersFile.of(file, config.iterations());
        int users = read.size();
        registration = context.registerService(JaasRealm.class, realm, null);
        directory = context.registerService(UserDirectory.class, new UserDirectory() {
            @Override
            public String realm() {
                return config.realm();
            }

            @Override
            public Optional<List<String>> roles(String name) throws IOException {
                return read.user(name).map(UsersFile.User::roles);
            }
        }, null);
        LOG.info("JAAS realm {}: {} user(s) in {}", config.realm(), users, file);
    }

    @Deactivate
    void deactivate() {
        directory.unregister();
        registration.unregister();
    }
}
