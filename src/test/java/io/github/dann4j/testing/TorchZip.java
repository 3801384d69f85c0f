package io.github.dann4j.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** The records of a torch.save zip by name, to change and write back (stored, with valid CRCs). */
public final class TorchZip {
    private TorchZip() {}

    public static Map<String, byte[]> read(Path file) throws IOException {
        Map<String, byte[]> records = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                records.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
            }
        }
        return records;
    }

    /** The name of the archive's data.pkl record. */
    public static String pickleName(Map<String, byte[]> records) {
        return records.keySet().stream().filter(n -> n.endsWith("/data.pkl")).findFirst().orElseThrow();
    }

    public static byte[] write(Map<String, byte[]> records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> record : records.entrySet()) {
                ZipEntry entry = new ZipEntry(record.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(record.getValue().length);
                entry.setCompressedSize(record.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(record.getValue());
                entry.setCrc(crc.getValue());
                out.putNextEntry(entry);
                out.write(record.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    public static void write(Map<String, byte[]> records, Path file) throws IOException {
        Files.write(file, write(records));
    }
}
