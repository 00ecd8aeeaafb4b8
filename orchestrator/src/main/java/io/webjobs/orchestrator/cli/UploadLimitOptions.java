package io.webjobs.orchestrator.cli;

import io.webjobs.orchestrator.api.UploadLimits;
import picocli.CommandLine.Option;

/**
 * The upload-limit options of every command that serves the API ({@code up}, {@code orchestrator}), as a
 * picocli mixin so both offer the same names, defaults and checks. Defaults are {@link UploadLimits#DEFAULT}.
 */
final class UploadLimitOptions {
    @Option(names = "--max-upload-mb", defaultValue = "${env:WEBJOBS_MAX_UPLOAD_MB:-100}", description = "largest job upload in MB (WEBJOBS_MAX_UPLOAD_MB, default: ${DEFAULT-VALUE})") long maxUploadMb;
    @Option(names = "--max-upload-entries", defaultValue = "${env:WEBJOBS_MAX_UPLOAD_ENTRIES:-10000}", description = "most files in an uploaded zip (WEBJOBS_MAX_UPLOAD_ENTRIES, default: ${DEFAULT-VALUE})") int maxUploadEntries;
    @Option(names = "--max-unpacked-mb", defaultValue = "${env:WEBJOBS_MAX_UNPACKED_MB:-512}", description = "largest unpacked size of an uploaded zip in MB (WEBJOBS_MAX_UNPACKED_MB, default: ${DEFAULT-VALUE})") long maxUnpackedMb;

    /** The limits the options give; a value below 1 is a usage error (exit 2). */
    UploadLimits limits() {
        if (maxUploadMb < 1 || maxUploadEntries < 1 || maxUnpackedMb < 1) {
            throw CliException.usage("--max-upload-mb, --max-upload-entries and --max-unpacked-mb must be at least 1");
        }
        return UploadLimits.ofMegabytes(maxUploadMb, maxUploadEntries, maxUnpackedMb);
    }
}
