package io.webjobs.orchestrator.api;

import io.javalin.http.Context;
import io.webjobs.orchestrator.domain.JobName;
import io.webjobs.runner.ArchiveLimits;
import io.webjobs.runner.ArchiveTooLargeException;
import io.webjobs.runner.InvalidArchiveException;
import io.webjobs.runner.JobArchive;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job upload as Kudu takes it: the file name comes from {@code Content-Disposition}; a zip body is
 * the job folder, any other body is one script saved under that name. Both become a zip artifact.
 */
record Upload(byte[] zip, String entryPoint, String settingsJson) {

    private static final Pattern FILENAME = Pattern.compile("filename\\*?=\\s*(?:UTF-8'')?\"?([^\";]+)\"?",
            Pattern.CASE_INSENSITIVE);

    /** The job's upload from a deploy request: its name is checked before the body is read (both 400/413). */
    static Upload received(Context ctx, UploadLimits limits) {
        JobName.problem(ctx.pathParam("name")).ifPresent(problem -> {
            throw new ApiException(400, problem);
        });
        return from(ctx.header("Content-Disposition"), ctx.contentType(), UploadBody.read(ctx, limits), limits.archive());
    }

    static Upload from(String contentDisposition, String contentType, byte[] body, ArchiveLimits limits) {
        String fileName = fileName(contentDisposition)
                .orElseThrow(() -> new ApiException(400, "Missing Content-Disposition header."));
        boolean isZip = (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/zip"))
                || fileName.toLowerCase(Locale.ROOT).endsWith(".zip");
        try {
            byte[] zip = isZip ? body : JobArchive.singleFile(fileName, body);
            JobArchive archive = JobArchive.of(zip, limits);
            return new Upload(zip, archive.entryPoint(), archive.settingsJson());
        } catch (ArchiveTooLargeException e) {
            throw new ApiException(413, e.getMessage());
        } catch (InvalidArchiveException e) {
            throw new ApiException(400, e.getMessage());
        }
    }

    static Optional<String> fileName(String contentDisposition) {
        if (contentDisposition == null) {
            return Optional.empty();
        }
        Matcher m = FILENAME.matcher(contentDisposition);
        if (!m.find() || m.group(1).isBlank()) {
            return Optional.empty();
        }
        String name = m.group(1).strip();
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return Optional.of(slash >= 0 ? name.substring(slash + 1) : name);
    }
}
