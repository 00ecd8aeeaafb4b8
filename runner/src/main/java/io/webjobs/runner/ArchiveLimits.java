package io.webjobs.runner;

/** What an uploaded zip may hold, so a zip bomb cannot fill a runner's disk or the API's memory. */
public record ArchiveLimits(int maxEntries, long maxUnpackedBytes) {

    public static final ArchiveLimits DEFAULT = new ArchiveLimits(10_000, 512L * 1024 * 1024);

    public ArchiveLimits {
        if (maxEntries <= 0 || maxUnpackedBytes <= 0) {
            throw new IllegalArgumentException("archive limits must be positive");
        }
    }
}
