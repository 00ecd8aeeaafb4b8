package io.webjobs.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiPasswordFileTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldGenerateAPasswordOnceKeepItOwnerOnlyAndReuseIt() throws Exception {
        ApiPasswordFile.Resolved first = ApiPasswordFile.resolve(dataDir, "admin", null);
        ApiPasswordFile.Resolved second = ApiPasswordFile.resolve(dataDir, "admin", null);

        Path file = dataDir.resolve(ApiPasswordFile.NAME);
        assertThat(first.generated()).isTrue();
        assertThat(second.generated()).isFalse();
        assertThat(second.credentials().password()).isEqualTo(first.credentials().password());
        assertThat(Files.readString(file).strip()).isEqualTo(first.credentials().password());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void shouldUseAGivenPasswordWithoutStoringIt() {
        ApiPasswordFile.Resolved given = ApiPasswordFile.resolve(dataDir, "ops", "given-password");

        assertThat(given.generated()).isFalse();
        assertThat(given.credentials().user()).isEqualTo("ops");
        assertThat(given.credentials().password()).isEqualTo("given-password");
        assertThat(dataDir.resolve(ApiPasswordFile.NAME)).doesNotExist();
    }
}
