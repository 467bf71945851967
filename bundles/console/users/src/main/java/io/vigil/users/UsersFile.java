package io.vigil.users;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users file, in the format of Karaf's {@code users.properties}: {@code name = password, role, role}, {@code #}
 * comments. A password written in clear (as an administrator adds a user) is replaced by its hash the first time the
 * file is read, the rest of the file kept as it was. Read again whenever it changes, so users are added, removed and
 * given roles while the container runs.
 */
final class UsersFile {

    private static final Logger LOG = LoggerFactory.getLogger(UsersFile.class);

    /** One user: the stored password hash and the roles. */
    record User(String name, String password, List<String> roles) {
    }

    private static final Map<Path, UsersFile> OPEN = new ConcurrentHashMap<>();

    private final Path file;
    private final int iterations;
    private FileTime readAt;
    private Map<String, User> users = Map.of();

    UsersFile(Path file, int iterations) {
        this.file = file;
        this.iterations = iterations;
    }

    /** One reader a file, shared by the realm and every login (Karaf makes a login module a login). */
    static UsersFile of(Path file, int iterations) {
        return OPEN.computeIfAbsent(file.toAbsolutePath().normalize(), path -> new UsersFile(path, iterations));
    }

    Path path() {
        return file;
    }

    /** The user, when the file names it; a file that does not exist has no users. */
    synchronized Optional<User> user(String name) throws IOException {
        refresh();
        return Optional.ofNullable(users.get(name));
    }

    synchronized int size() throws IOException {
        refresh();
        return users.size();
    }

    private void refresh() throws IOException {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            users = Map.of();
            readAt = null;
            return;
        }
        if (modified.equals(readAt)) {
            return;
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        Map<String, User> read = new LinkedHashMap<>();
        int hashed = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int equals = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || equals < 0) {
                continue;
            }
            String name = line.substring(0, equals).strip();
            String[] fields = line.substring(equals + 1).split(",");
            String password = fields[0].strip();
            if (name.isEmpty() || password.isEmpty()) {
                LOG.warn("{} line {}: no user or no password, ignored", file, i + 1);
                continue;
            }
            if (!PasswordHash.isHash(password)) {
                password = PasswordHash.hash(password.toCharArray(), iterations);
                fields[0] = " " + password;
                lines.set(i, name + " =" + String.join(",", fields));
                hashed++;
            }
            List<String> roles = new ArrayList<>();
            for (int f = 1; f < fields.length; f++) {
                if (!fields[f].isBlank()) {
                    roles.add(fields[f].strip());
                }
            }
            read.put(name, new User(name, password, List.copyOf(roles)));
        }
        if (hashed > 0) {
            // Written beside and moved over, so a crash leaves the old file or the new one, never half of one.
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.write(next, lines, StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Replaced {} clear-text password(s) in {} by their hashes", hashed, file);
            modified = Files.getLastModifiedTime(file);
        }
        users = read;
        readAt = modified;
    }
}
