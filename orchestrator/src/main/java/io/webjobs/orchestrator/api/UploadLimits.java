package io.webjobs.orchestrator.api;

import io.webjobs.runner.ArchiveLimits;

/**
 * What one job upload may be: its size as sent, and its zip's entry count and unpacked size (a zip bomb
 * stops at the first limit it crosses). Past any of them the API answers 413 and nothing is stored.
 */
public record UploadLimits(long maxUploadBytes, int maxEntries, long maxUnpackedBytes) {

    /** 100 MB sent, 10 000 entries, 512 MB unpacked. */
    public static final UploadLimits DEFAULT = new UploadLimits(100L * 1024 * 1024, 10_000, 512L * 1024 * 1024);

    public UploadLimits {
        if (maxUploadBytes <= 0 || maxEntries <= 0 || maxUnpackedBytes <= 0) {
            throw new IllegalArgumentException("upload limits must be positive");
        }
    }

    /** From the {@code up} options, in megabytes. */
    public static UploadLimits ofMegabytes(long maxUploadMb, int maxEntries, long maxUnpackedMb) {
        return new UploadLimits(maxUploadMb * 1024 * 1024, maxEntries, maxUnpackedMb * 1024 * 1024);
    }

    ArchiveLimits archive() {
        return new ArchiveLimits(maxEntries, maxUnpackedBytes);
    }
}
