package io.webjobs.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * One unpacked folder of a job's zip, held by one run at a time (see {@link WorkingCopies}). It remembers
 * the size and modification time of each file it was unpacked with, so a later run can tell that an
 * earlier one left the zip's files as they were.
 */
public final class WorkingCopy implements AutoCloseable {

    private final WorkingCopies owner;
    private final String jobKey;
    private final String digest;
    private final Path dir;
    private final List<UnpackedFile> files;
    /** The zip's entry point, or why it has none. */
    private final JobArchive.EntryPoint entry;

    private WorkingCopy(WorkingCopies owner, String jobKey, String digest, Path dir, List<UnpackedFile> files,
            JobArchive.EntryPoint entry) {
        this.owner = owner;
        this.jobKey = jobKey;
        this.digest = digest;
        this.dir = dir;
        this.files = files;
        this.entry = entry;
    }

    /** The copy of {@code archive} just unpacked into {@code dir}. */
    static WorkingCopy of(WorkingCopies owner, String jobKey, String digest, Path dir, JobArchive archive)
            throws IOException {
        List<UnpackedFile> files = new ArrayList<>(archive.files().size());
        for (String name : archive.files()) {
            Path file = dir.resolve(name);
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            files.add(new UnpackedFile(file, attributes.size(), attributes.lastModifiedTime()));
        }
        return new WorkingCopy(owner, jobKey, digest, dir, List.copyOf(files), archive.entry());
    }

    public Path dir() {
        return dir;
    }

    /** The file to run by Kudu's rules (see {@link JobArchive#entryPoint}); refused as it refuses it. */
    String entryPoint() {
        return entry.orRefuse();
    }

    String jobKey() {
        return jobKey;
    }

    String digest() {
        return digest;
    }

    /** Every file of the zip still there, with the size and time it was unpacked with. */
    boolean intact() {
        for (UnpackedFile file : files) {
            try {
                BasicFileAttributes now = Files.readAttributes(file.path(), BasicFileAttributes.class);
                if (!now.isRegularFile() || now.size() != file.size() || !now.lastModifiedTime().equals(file.modified())) {
                    return false;
                }
            } catch (IOException gone) {
                return false;
            }
        }
        return true;
    }

    void delete() {
        WorkingCopies.delete(dir);
    }

    /** Gives the folder back for the job's next run: its process is gone. */
    @Override
    public void close() {
        owner.checkIn(this);
    }

    private record UnpackedFile(Path path, long size, FileTime modified) {
    }
}
