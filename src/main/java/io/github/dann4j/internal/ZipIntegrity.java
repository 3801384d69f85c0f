package io.github.dann4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks a zip archive (torch.save's format and libtorch's checkpoint archives are zips) in Java
 * before native code parses it: every entry must read back with its recorded size and CRC-32.
 * libtorch's unpickler and archive reader trust their input; a truncated or bit-flipped file that
 * reached them could corrupt the native heap (seen once while fuzzing). A damaged file is refused
 * here instead, with a Java exception.
 */
public final class ZipIntegrity {
    private ZipIntegrity() {}

    /** @throws IllegalArgumentException naming {@code what} and the damage */
    public static void check(Path file, String what) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            if (!entries.hasMoreElements()) {
                throw new IllegalArgumentException(what + " " + file + " is an empty archive");
            }
            byte[] buffer = new byte[1 << 16];
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                CRC32 crc = new CRC32();
                long size = 0;
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        crc.update(buffer, 0, n);
                        size += n;
                    }
                }
                if (size != entry.getSize() || crc.getValue() != entry.getCrc()) {
                    throw new IllegalArgumentException(what + " " + file + " is damaged: entry " + entry.getName()
                            + " does not match its recorded size and checksum");
                }
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException(what + " " + file + " is not a readable archive (" + Messages.of(e)
                    + "); it may be truncated or not a PyTorch/dann4j file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + Messages.of(e), e);
        }
    }
}
