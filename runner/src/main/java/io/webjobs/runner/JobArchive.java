package io.webjobs.runner;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A job's uploaded zip, checked once: every entry path is safe, it stays within the limits, and
 * Kudu's rules pick its entry point. Used by the API at deploy time and by the runner before a
 * run, so both read the same zip the same way. Holds the zip bytes, never the unpacked content
 * (a zip may unpack to hundreds of megabytes).
 */
public final class JobArchive {

    static final String NOT_A_ZIP = "The uploaded file is not a valid zip archive.";
    static final String NOTHING_RUNNABLE = "No runnable script file was found.";
    private static final String SETTINGS_FILE = "settings.job";
    /** A fixed entry time keeps a wrapped script's zip, hence its digest, the same on every upload. */
    private static final long FIXED_ENTRY_TIME = 315_532_800_000L;

    private final byte[] zip;
    /** File entries (not folders), in zip order. */
    private final List<String> files;
    /** "" or "folder/" when the zip's only content is one folder (Kudu descends into it). */
    private final String root;
    /** Decided on first ask. */
    private EntryPoint entry;

    private JobArchive(byte[] zip, List<String> files, String root) {
        this.zip = zip;
        this.files = files;
        this.root = root;
    }

    /** Reads and checks a zip; throws {@link InvalidArchiveException} with a message for the user. */
    public static JobArchive of(byte[] zipBytes, ArchiveLimits limits) {
        if (!looksLikeZip(zipBytes)) {
            throw new InvalidArchiveException(NOT_A_ZIP);
        }
        List<String> files = new ArrayList<>();
        Set<String> topLevel = new LinkedHashSet<>();
        boolean topLevelFile = false;
        int entries = 0;
        long unpacked = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName();
                requireSafePath(name);
                if (++entries > limits.maxEntries()) {
                    throw new ArchiveTooLargeException("The zip has more than " + limits.maxEntries() + " entries.");
                }
                // Sizes in the headers are the uploader's claim; count what actually comes out.
                unpacked += drain(in, limits.maxUnpackedBytes() - unpacked);
                if (unpacked > limits.maxUnpackedBytes()) {
                    throw new ArchiveTooLargeException("The zip unpacks to more than " + limits.maxUnpackedBytes()
                            + " bytes.");
                }
                int slash = name.indexOf('/');
                topLevel.add(slash < 0 ? name : name.substring(0, slash));
                if (!entry.isDirectory()) {
                    files.add(name);
                    topLevelFile |= slash < 0;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidArchiveException(NOT_A_ZIP, e);
        }
        String root = !topLevelFile && topLevel.size() == 1 ? topLevel.iterator().next() + "/" : "";
        return new JobArchive(zipBytes.clone(), List.copyOf(files), root);
    }

    /** Wraps one uploaded script into a zip, so a single-file upload is deployed like any other. */
    public static byte[] singleFile(String fileName, byte[] content) {
        if (fileName == null || fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")
                || fileName.equals(".") || fileName.equals("..")) {
            throw new InvalidArchiveException(unsafe(fileName));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry(fileName);
            entry.setTime(FIXED_ENTRY_TIME);
            out.putNextEntry(entry);
            out.write(content);
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The file to run, relative to the zip root (e.g. {@code run.sh} or {@code folder/run.sh}). Kudu's
     * rules: only top-level files count; any {@code run.*} wins, in host order; else the first file
     * (in zip order) of the first host that has one. Windows files are never chosen here.
     */
    public String entryPoint() {
        return entry().orRefuse();
    }

    /** The entry point, or why there is none; decided once, though an unpack and its working copy both ask. */
    record EntryPoint(String file, String refusal) {
        String orRefuse() {
            if (file == null) {
                throw new InvalidArchiveException(refusal);
            }
            return file;
        }
    }

    EntryPoint entry() {
        if (entry == null) {
            entry = decideEntry();
        }
        return entry;
    }

    private EntryPoint decideEntry() {
        List<String> candidates = files.stream()
                .filter(f -> f.startsWith(root) && f.indexOf('/', root.length()) < 0).toList();
        for (ScriptHost host : ScriptHost.values()) {
            Optional<String> run = candidates.stream().filter(f -> host.runsOnLinux() && isRunFile(f, host)).findFirst();
            if (run.isPresent()) {
                return new EntryPoint(run.get(), null);
            }
        }
        for (ScriptHost host : ScriptHost.values()) {
            Optional<String> first = candidates.stream()
                    .filter(f -> host.runsOnLinux() && ScriptHost.forFile(f).orElse(null) == host).findFirst();
            if (first.isPresent()) {
                return new EntryPoint(first.get(), null);
            }
        }
        Optional<String> windows = candidates.stream().filter(f -> ScriptHost.forFile(f).isPresent()).findFirst();
        if (windows.isPresent()) {
            return new EntryPoint(null, windowsOnlyMessage(windows.get().substring(root.length())));
        }
        return new EntryPoint(null, NOTHING_RUNNABLE);
    }

    /** The content of {@code settings.job} next to the entry point, or {@code "{}"} when there is none. */
    public String settingsJson() {
        String path = root + SETTINGS_FILE;
        if (!files.contains(path)) {
            return "{}";
        }
        String text = new String(read(path), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "{}" : text;
    }

    /** File paths in the zip, in zip order. */
    public List<String> files() {
        return files;
    }

    /**
     * Writes every file under {@code dir} and makes the entry file executable. Each target is checked
     * again to stay inside {@code dir}, so this stays safe whatever {@link #of} let through.
     */
    public void unpackTo(Path dir) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        Files.createDirectories(base);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = base.resolve(entry.getName()).normalize();
                if (!target.startsWith(base) || target.equals(base)) {
                    throw new InvalidArchiveException(unsafe(entry.getName()));
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (OutputStream out = Files.newOutputStream(target)) {
                        in.transferTo(out);
                    }
                }
            }
        }
        // The caller decides what to run; an archive without an entry point still unpacks.
        if (entry().file() != null) {
            base.resolve(entry().file()).toFile().setExecutable(true, false);
        }
    }

    static String windowsOnlyMessage(String file) {
        return "Windows scripts (.cmd, .bat, .exe) cannot run on Linux: " + file;
    }

    private static String unsafe(String name) {
        return "Unsafe path in zip: " + name;
    }

    private static boolean isRunFile(String path, ScriptHost host) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return host.extensions().stream().anyMatch(ext -> name.equals("run." + ext));
    }

    private static void requireSafePath(String name) {
        boolean unsafe = name.isEmpty() || name.startsWith("/") || name.contains("\\")
                || name.matches("^[A-Za-z]:.*") || name.indexOf('\0') >= 0;
        for (String segment : name.split("/")) {
            unsafe |= segment.equals("..");
        }
        if (unsafe) {
            throw new InvalidArchiveException(unsafe(name));
        }
    }

    /** Reads the current entry to its end, stopping once more than {@code budget} bytes came out. */
    private static long drain(InputStream in, long budget) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > budget) {
                return total;
            }
        }
        return total;
    }

    private static boolean looksLikeZip(byte[] bytes) {
        // ZipInputStream reads garbage as an empty zip, so check the local-file or empty-zip signature.
        return bytes != null && bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K'
                && ((bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6));
    }

    private byte[] read(String path) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals(path)) {
                    return in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no entry " + path);
    }
}
