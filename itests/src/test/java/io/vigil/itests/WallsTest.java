package io.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The walls between Vigil's bundles, read from the manifests the build wrote: the core is private (inputs reach it
 * through {@code io.vigil.api.ingest}, plugins, rules and actions through {@code io.vigil.api} and
 * {@code io.vigil.support}); the API depends on no Vigil implementation; inputs depend on nothing of alerting, the
 * actions, the REST API or the console. A bundle that breaks one fails the build here, with the import that does.
 */
public class WallsTest {

    private static final Path BUNDLES = VigilInstance.HOME.resolve("bundles");
    private static final String VERSION = System.getProperty("vigil.version", "0.1.0-SNAPSHOT");

    /** A built bundle: where it lives in the tree, its symbolic name, the packages it imports and exports. */
    private record Built(String folder, String name, List<String> imports, List<String> exports) {
        List<String> importsStartingWith(String... prefixes) {
            return imports.stream().filter(pkg -> Stream.of(prefixes).anyMatch(prefix -> pkg.equals(prefix) || pkg.startsWith(prefix + "."))).toList();
        }
    }

    private static List<Built> bundles() throws IOException {
        List<Built> built = new ArrayList<>();
        try (Stream<Path> jars = Files.walk(BUNDLES)) {
            for (Path jar : jars.filter(path -> path.getParent().getFileName().toString().equals("target")
                    && path.getFileName().toString().equals(artifactId(path.getParent().getParent()) + "-" + VERSION + ".jar")).toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    Attributes manifest = file.getManifest().getMainAttributes();
                    String name = manifest.getValue("Bundle-SymbolicName");
                    if (name != null) {
                        built.add(new Built(BUNDLES.relativize(jar.getParent().getParent()).toString(), name.split(";")[0],
                                packages(manifest.getValue("Import-Package")), packages(manifest.getValue("Export-Package"))));
                    }
                }
            }
        }
        assertTrue("no bundles built under " + BUNDLES + ": build before testing", built.size() > 20);
        return built;
    }

    /** The module's own artifact, so that a jar an earlier build left under another name is not taken for it. */
    private static String artifactId(Path module) {
        try {
            String pom = Files.readString(module.resolve("pom.xml"));
            String own = pom.substring(pom.indexOf("</parent>"));
            return own.substring(own.indexOf("<artifactId>") + "<artifactId>".length(), own.indexOf("</artifactId>"));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The package names of a manifest header, whose clauses' attributes may hold quoted commas (version="[1.0,2)"). */
    static List<String> packages(String header) {
        List<String> names = new ArrayList<>();
        if (header == null) {
            return names;
        }
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i <= header.length(); i++) {
            char c = i < header.length() ? header.charAt(i) : ',';
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                names.add(header.substring(start, i).split(";")[0].trim());
                start = i + 1;
            }
        }
        return names;
    }

    @Test
    public void headersAreSplitOutsideQuotesOnly() {
        assertEquals(List.of("io.vigil.api", "org.slf4j"), packages("io.vigil.api;version=\"[1.1,2)\",org.slf4j;version=\"[1.7,2)\""));
    }

    /** Fails with every line {@code wall} finds in any built bundle. */
    private static void assertNoBreach(Function<Built, Stream<String>> wall) throws IOException {
        List<String> breaches = bundles().stream().flatMap(wall).toList();
        assertEquals(String.join("\n", breaches), List.of(), breaches);
    }

    @Test
    public void theCoreIsPrivateToItsBundle() throws IOException {
        assertNoBreach(bundle -> bundle.name().equals("io.vigil.core")
                ? bundle.exports().stream().map(pkg -> "io.vigil.core exports " + pkg)
                : bundle.importsStartingWith("io.vigil.core").stream().map(pkg -> bundle.folder() + " (" + bundle.name() + ") imports " + pkg
                        + ": use io.vigil.api (the ingest SPI, EventPlugin) or io.vigil.support"));
    }

    @Test
    public void theApiImportsNoVigilImplementation() throws IOException {
        assertNoBreach(bundle -> bundle.name().equals("io.vigil.api")
                ? bundle.imports().stream().filter(pkg -> pkg.startsWith("io.vigil.") && !pkg.startsWith("io.vigil.api")).map(pkg -> "io.vigil.api imports " + pkg)
                : Stream.empty());
    }

    @Test
    public void inputsImportNothingOfAlertingActionsOrTheConsole() throws IOException {
        assertNoBreach(bundle -> bundle.folder().startsWith("inputs/")
                ? bundle.importsStartingWith("io.vigil.alerts", "io.vigil.alert", "io.vigil.actions", "io.vigil.action", "io.vigil.rest", "io.vigil.web",
                        "io.vigil.users").stream().map(pkg -> bundle.folder() + " (" + bundle.name() + ") imports " + pkg)
                : Stream.empty());
    }
}
