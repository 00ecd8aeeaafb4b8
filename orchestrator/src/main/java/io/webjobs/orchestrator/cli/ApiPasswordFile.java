package io.webjobs.orchestrator.cli;

import io.webjobs.orchestrator.api.ApiCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The password {@code up} generates when none is given: written once to {@code api-password} in the data dir,
 * readable by its owner only (0600), and read again by the next {@code up} so clients keep working.
 */
final class ApiPasswordFile {

    static final String NAME = "api-password";

    /** The credentials to serve with, and whether the password was generated just now (and must be shown once). */
    record Resolved(ApiCredentials credentials, boolean generated) {
    }

    private ApiPasswordFile() {
    }

    static Resolved resolve(Path dataDir, String user, String password) {
        if (password != null && !password.isEmpty()) {
            return new Resolved(ApiCredentials.of(user, password), false);
        }
        Path file = dataDir.resolve(NAME);
        try {
            if (Files.exists(file)) {
                return new Resolved(ApiCredentials.of(user, Files.readString(file, StandardCharsets.UTF_8).strip()), false);
            }
            ApiCredentials generated = ApiCredentials.random(user);
            Files.createDirectories(dataDir);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // Created with 0600 from the start: never readable by others, not even for a moment.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, generated.password() + "\n", StandardCharsets.UTF_8);
            return new Resolved(generated, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the API password in " + file + ": " + e.getMessage(), e);
        }
    }
}
