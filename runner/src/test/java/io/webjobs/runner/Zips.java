package io.webjobs.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test fixtures: zips built from name/content pairs, unsafe names included. */
final class Zips {

    private Zips() {
    }

    /** {@code aZipWith("run.sh", "echo hi", "lib/", null)}: a null content makes a folder entry. */
    static byte[] aZipWith(String... namesAndContents) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                out.putNextEntry(new ZipEntry(namesAndContents[i]));
                if (namesAndContents[i + 1] != null) {
                    out.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
