package io.webjobs.runner;

import static io.webjobs.runner.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobArchiveTest {

    @TempDir
    Path dir;

    private static JobArchive archive(byte[] zip) {
        return JobArchive.of(zip, ArchiveLimits.DEFAULT);
    }

    @Test
    void shouldPickRunFileOfTheFirstHostInKuduOrder() {
        JobArchive archive = archive(aZipWith("a.sh", "", "run.py", "", "run.sh", "", "run.js", ""));

        assertThat(archive.entryPoint()).isEqualTo("run.sh");
    }

    @Test
    void shouldPreferAnyRunFileOverOtherFilesOfEarlierHosts() {
        assertThat(archive(aZipWith("tool.sh", "", "run.php", "")).entryPoint()).isEqualTo("run.php");
    }

    @Test
    void shouldPickTheFirstFileOfTheFirstMatchingHostWithoutRunFile() {
        JobArchive archive = archive(aZipWith("b.js", "", "z.py", "", "a.py", "", "readme.txt", ""));

        assertThat(archive.entryPoint()).isEqualTo("z.py");
    }

    @Test
    void shouldIgnoreFilesInSubfolders() {
        JobArchive archive = archive(aZipWith("lib/run.sh", "", "main.js", ""));

        assertThat(archive.entryPoint()).isEqualTo("main.js");
    }

    @Test
    void shouldDescendIntoTheSoleFolder() {
        JobArchive archive = archive(aZipWith("job/", null, "job/run.sh", "echo", "job/settings.job",
                "{\"schedule\": \"0 * * * * *\"}", "job/lib/x.py", ""));

        assertThat(archive.entryPoint()).isEqualTo("job/run.sh");
        assertThat(archive.settingsJson()).isEqualTo("{\"schedule\": \"0 * * * * *\"}");
    }

    @Test
    void shouldReadSettingsNextToTheEntryPointOrDefaultToEmptyObject() {
        assertThat(archive(aZipWith("run.sh", "", "settings.job", " {\"is_singleton\": true}\n")).settingsJson())
                .isEqualTo("{\"is_singleton\": true}");
        assertThat(archive(aZipWith("run.sh", "")).settingsJson()).isEqualTo("{}");
    }

    @Test
    void shouldSkipWindowsScriptsWhenSomethingElseRuns() {
        assertThat(archive(aZipWith("run.cmd", "", "job.sh", "")).entryPoint()).isEqualTo("job.sh");
    }

    @Test
    void shouldRejectWindowsOnlyZip() {
        assertThatThrownBy(() -> archive(aZipWith("run.cmd", "", "x.bat", "")).entryPoint())
                .isInstanceOf(InvalidArchiveException.class)
                .hasMessage("Windows scripts (.cmd, .bat, .exe) cannot run on Linux: run.cmd");
    }

    @Test
    void shouldSayNoRunnableScriptWasFound() {
        assertThatThrownBy(() -> archive(aZipWith("readme.txt", "", "lib/run.sh", "")).entryPoint())
                .isInstanceOf(InvalidArchiveException.class)
                .hasMessage("No runnable script file was found.");
    }

    @Test
    void shouldRejectBytesThatAreNotAZip() {
        assertThatThrownBy(() -> archive("#!/bin/bash\necho hi".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidArchiveException.class)
                .hasMessage("The uploaded file is not a valid zip archive.");
    }

    @Test
    void shouldRejectACorruptZip() {
        byte[] zip = aZipWith("run.sh", "echo hello world, a bit of text to compress ".repeat(50));
        byte[] corrupt = java.util.Arrays.copyOf(zip, zip.length / 2);
        for (int i = 40; i < corrupt.length; i++) {
            corrupt[i] = (byte) 0x5a;
        }

        assertThatThrownBy(() -> archive(corrupt))
                .isInstanceOf(InvalidArchiveException.class)
                .hasMessage("The uploaded file is not a valid zip archive.");
    }

    @Test
    void shouldRejectParentSegmentsAndWriteNothing() {
        assertThatThrownBy(() -> archive(aZipWith("run.sh", "", "../evil", "x")))
                .isInstanceOf(InvalidArchiveException.class)
                .hasMessage("Unsafe path in zip: ../evil");
        assertThatThrownBy(() -> archive(aZipWith("a/../../evil.sh", "x")))
                .hasMessage("Unsafe path in zip: a/../../evil.sh");
        assertThat(dir).isEmptyDirectory();
        assertThat(dir.resolveSibling("evil")).doesNotExist();
    }

    @Test
    void shouldRejectAbsoluteAndBackslashPaths() {
        assertThatThrownBy(() -> archive(aZipWith("/etc/cron.d/evil", "x")))
                .isInstanceOf(InvalidArchiveException.class)
                .hasMessage("Unsafe path in zip: /etc/cron.d/evil");
        assertThatThrownBy(() -> archive(aZipWith("..\\evil.sh", "x")))
                .hasMessage("Unsafe path in zip: ..\\evil.sh");
        assertThatThrownBy(() -> archive(aZipWith("C:/evil.sh", "x")))
                .hasMessage("Unsafe path in zip: C:/evil.sh");
    }

    @Test
    void shouldRejectTooManyEntries() {
        byte[] zip = aZipWith("run.sh", "", "a.txt", "", "b.txt", "");

        assertThatThrownBy(() -> JobArchive.of(zip, new ArchiveLimits(2, 1_000)))
                .isInstanceOf(InvalidArchiveException.class)
                .hasMessage("The zip has more than 2 entries.");
    }

    @Test
    void shouldCountUnpackedBytesByReadingThem() throws Exception {
        // A highly compressible entry: small on the wire, large once unpacked.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("run.sh"));
            out.write(new byte[2_000_000]);
            out.closeEntry();
        }
        assertThat(bytes.size()).isLessThan(10_000);

        assertThatThrownBy(() -> JobArchive.of(bytes.toByteArray(), new ArchiveLimits(10, 1_000_000)))
                .isInstanceOf(InvalidArchiveException.class)
                .hasMessage("The zip unpacks to more than 1000000 bytes.");
        assertThat(JobArchive.of(bytes.toByteArray(), new ArchiveLimits(10, 2_000_000)).entryPoint()).isEqualTo("run.sh");
    }

    @Test
    void shouldUnpackUnderTheFolderAndMakeTheEntryExecutable() throws Exception {
        JobArchive archive = archive(aZipWith("job/", null, "job/run.sh", "echo hi", "job/lib/data.txt", "data"));

        archive.unpackTo(dir.resolve("run"));

        assertThat(dir.resolve("run/job/run.sh")).hasContent("echo hi").isExecutable();
        assertThat(dir.resolve("run/job/lib/data.txt")).hasContent("data");
    }

    @Test
    void shouldWrapASingleFileIntoAZip() {
        byte[] zip = JobArchive.singleFile("hello.py", "print('hi')".getBytes(StandardCharsets.UTF_8));

        JobArchive archive = archive(zip);
        assertThat(archive.files()).containsExactly("hello.py");
        assertThat(archive.entryPoint()).isEqualTo("hello.py");
        assertThat(JobArchive.singleFile("hello.py", "print('hi')".getBytes(StandardCharsets.UTF_8)))
                .as("same content, same bytes, same digest").isEqualTo(zip);
    }

    @Test
    void shouldRejectAPathAsSingleFileName() {
        assertThatThrownBy(() -> JobArchive.singleFile("../evil.sh", new byte[0]))
                .isInstanceOf(InvalidArchiveException.class)
                .hasMessage("Unsafe path in zip: ../evil.sh");
        assertThatThrownBy(() -> JobArchive.singleFile("/tmp/x.sh", new byte[0]))
                .hasMessage("Unsafe path in zip: /tmp/x.sh");
    }

    @Test
    void shouldGiveTheCommandLineOfEachHost() {
        assertThat(ScriptHost.forFile("run.SH")).contains(ScriptHost.BASH);
        assertThat(ScriptHost.BASH.commandFor("run.sh")).containsExactly("bash", "run.sh");
        assertThat(ScriptHost.POWERSHELL.commandFor("a.ps1")).containsExactly("pwsh", "-File", "a.ps1");
        assertThat(ScriptHost.JAVA.commandFor("app.jar")).containsExactly("java", "-jar", "app.jar");
        assertThat(ScriptHost.forFile("x.exe")).contains(ScriptHost.WINDOWS);
        assertThat(ScriptHost.forFile("notes.txt")).isEmpty();
        assertThat(Files.exists(dir)).isTrue();
    }
}
