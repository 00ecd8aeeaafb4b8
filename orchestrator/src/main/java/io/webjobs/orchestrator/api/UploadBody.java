package io.webjobs.orchestrator.api;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads an upload's body within {@link UploadLimits#maxUploadBytes()}. Javalin refuses a body whose
 * {@code Content-Length} is too large, but reads a chunked one (no length) whole into memory; this stops
 * reading and answers 413 as soon as the body passes the limit, before anything is stored.
 */
final class UploadBody {

    private static final int CHUNK = 64 * 1024;

    private UploadBody() {
    }

    static byte[] read(Context ctx, UploadLimits limits) {
        long max = limits.maxUploadBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw tooLarge(max);
        }
        try {
            return read(ctx.req().getInputStream(), max);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the upload", e);
        }
    }

    /** At most {@code max} bytes of {@code in}; one more is a 413. */
    static byte[] read(InputStream in, long max) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(max, CHUNK));
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > max) {
                throw tooLarge(max);
            }
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }

    private static ApiException tooLarge(long max) {
        return new ApiException(413, "The upload is larger than the limit of " + max + " bytes.");
    }
}
