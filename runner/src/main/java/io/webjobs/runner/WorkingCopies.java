package io.webjobs.runner;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unpacked files of triggered jobs, reused run after run as Kudu reuses a job's temporary working
 * directory: a job's zip is unpacked once per version (artifact digest), the next run of that version takes
 * the same folder back, and the folders of a version the job no longer runs are deleted. Runs of one job
 * at the same time (concurrency {@code allow}) each hold a folder of their own. A folder whose files from
 * the zip a run removed or changed is unpacked again, as Kudu copies a job again when its working directory
 * no longer matches; files a run added stay, as in Kudu ({@code WEBJOBS_DATA_PATH} is the place for state).
 *
 * <p>Before this, every run unpacked into a folder of its own that nothing ever deleted: a job run every
 * 15 seconds left 5,760 folders a day, and the unpacking was a third of a short run's CPU on its runner.
 */
public final class WorkingCopies {

    private static final Logger LOG = LoggerFactory.getLogger(WorkingCopies.class);

    private final Path root;
    private final Map<String, JobCopies> jobs = new HashMap<>();

    /** {@code root} belongs to this object alone: one runner's {@code copies/} folder. */
    public WorkingCopies(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Deletes what an earlier life of this runner left under the root: no run of this process uses it. */
    public void removeLeftovers() {
        delete(root);
    }

    /** The job's zip, read and checked. */
    @FunctionalInterface
    public interface Zip {
        JobArchive read() throws IOException;
    }

    /**
     * A folder holding the zip's files for one run, to {@link WorkingCopy#close() give back} when its process
     * is gone. The zip is read only when a folder is unpacked.
     */
    public WorkingCopy checkOut(String jobKey, String digest, Zip zip) throws IOException {
        List<WorkingCopy> stale;
        WorkingCopy idle;
        synchronized (this) {
            JobCopies job = jobs.computeIfAbsent(jobKey, k -> new JobCopies());
            stale = job.runVersion(digest);
            idle = job.idle.poll();
        }
        stale.forEach(WorkingCopy::delete);
        if (idle != null && idle.intact()) {
            return idle;
        }
        if (idle != null) {
            LOG.info("working copy {} no longer matches its zip; unpacking it again", idle.dir());
            idle.delete();
        }
        JobArchive archive = zip.read();
        Path fresh = nextFolder(jobKey, digest);
        delete(fresh); // a folder of that name left by an earlier life, when its leftovers were not removed
        try {
            archive.unpackTo(fresh);
            return WorkingCopy.of(this, jobKey, digest, fresh, archive);
        } catch (IOException | RuntimeException e) {
            delete(fresh);
            throw e;
        }
    }

    private synchronized Path nextFolder(String jobKey, String digest) {
        return root.resolve(jobKey).resolve(folderName(digest, ++jobs.get(jobKey).folders));
    }

    /** Takes a copy back for the job's next run, or deletes it when the job has moved to another version. */
    void checkIn(WorkingCopy copy) {
        boolean kept;
        synchronized (this) {
            JobCopies job = jobs.get(copy.jobKey());
            kept = job != null && job.digest.equals(copy.digest());
            if (kept) {
                job.idle.push(copy);
            }
        }
        if (!kept) {
            copy.delete();
        }
    }

    /** The digest's first 16 hex digits keep the name short and still tell a job's versions apart. */
    private static String folderName(String digest, int number) {
        String hex = digest.replaceAll("[^0-9A-Za-z]", "");
        return hex.substring(0, Math.min(hex.length(), 16)) + "-" + number;
    }

    static void delete(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path folder, IOException failed) throws IOException {
                    Files.deleteIfExists(folder);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // nothing to delete
        } catch (IOException e) {
            // A folder that cannot go now (a file held by a background child) costs disk, not correctness.
            LOG.warn("cannot delete {}", dir, e);
        }
    }

    /** One job's copies: the version it runs now and the folders of that version no run holds. */
    private static final class JobCopies {
        String digest = "";
        final Deque<WorkingCopy> idle = new ArrayDeque<>();
        int folders;

        /** Moves to {@code next}; answers the idle copies of the version left behind. */
        List<WorkingCopy> runVersion(String next) {
            if (digest.equals(next)) {
                return List.of();
            }
            digest = next;
            List<WorkingCopy> stale = new ArrayList<>(idle);
            idle.clear();
            return stale;
        }
    }
}
