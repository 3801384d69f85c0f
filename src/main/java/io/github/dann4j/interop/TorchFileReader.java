package io.github.dann4j.interop;

import io.github.dann4j.interop.PickleValues.StorageRef;
import io.github.dann4j.interop.PickleValues.TensorRef;
import io.github.dann4j.internal.Messages;
import io.github.dann4j.runtime.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a file in {@code torch.save}'s zip format — {@code data.pkl} plus one record per
 * storage — without trusting a byte of it, and without libtorch's unpickler or TorchScript
 * loader. In order: the zip's structure (one archive folder, one {@code data.pkl}, no TorchScript
 * code, little-endian); the pickle through the allow-list {@link PickleReader}; then, before any
 * tensor exists, every storage record (it exists, holds exactly {@code numel × itemsize} bytes)
 * and every tensor (its sizes, strides and offset stay inside its storage, nothing negative,
 * nothing overflows) and the memory all of it asks for ({@link Limits#memoryBytes()}). Only then
 * are storages read, counted byte by byte and checked against their CRC, into fresh CPU tensors,
 * and each tensor made as a checked view of one (a copy where storages are shared).
 *
 * <p>The result is the pickle's value with containers as {@link LinkedHashMap} (dicts and
 * OrderedDicts) and unmodifiable {@link List}s (lists and tuples), and tensors as bytedeco
 * {@link org.bytedeco.pytorch.Tensor}s owned by the enclosing PointerScope (or the caller).
 */
final class TorchFileReader {
    private static final int MAX_ENTRIES = 100_000;

    private TorchFileReader() {}

    /**
     * @param what names the kind of file in messages ("state_dict", "checkpoint")
     * @throws IllegalArgumentException "cannot read WHAT FILE: reason", and nothing was allocated
     *         beyond what is released again
     */
    static Object read(Path file, String what) {
        try {
            return readChecked(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static Object readChecked(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("it does not exist or is not a file");
        }
        requireZip(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, ZipEntry> entries = entries(zip);
            String prefix = archiveFolder(entries.keySet());
            ZipEntry byteOrder = entries.get(prefix + "byteorder");
            if (byteOrder != null) {
                String order = new String(ZipRecords.read(zip, byteOrder, 16), StandardCharsets.US_ASCII).trim();
                if (!order.equals("little")) {
                    throw new IllegalArgumentException("its tensors are stored " + order + "-endian; only little-endian files are read");
                }
            }
            ZipEntry pickleEntry = entries.get(prefix + "data.pkl");
            byte[] pickle = ZipRecords.read(zip, pickleEntry, Limits.pickleBytes());
            Object value = PickleReader.read(pickle, Limits.nestingDepth());
            Map<TensorRef, Boolean> tensors = new IdentityHashMap<>();
            collectTensors(value, tensors, Collections.newSetFromMap(new IdentityHashMap<>()));
            Map<String, ZipEntry> records = new HashMap<>();
            Map<StorageRef, Integer> uses = new HashMap<>();
            long memory = 0;
            for (TensorRef tensor : tensors.keySet()) {
                StorageRef storage = tensor.storage();
                if (!records.containsKey(storage.key())) {
                    records.put(storage.key(), storageRecord(entries, prefix, storage));
                    memory = Limits.plus(memory, storageBytes(storage));
                }
                uses.merge(storage, 1, Integer::sum);
            }
            for (TensorRef tensor : tensors.keySet()) {
                long numel = TensorBounds.check(tensor);
                if (TensorMaterializer.needsCopy(tensor, numel, uses)) {
                    memory = Limits.plus(memory, Limits.times(numel, tensor.storage().type().itemSize));
                }
            }
            Limits.requireMemory(memory, "its tensors");
            try (TensorMaterializer tensorsMade = new TensorMaterializer(zip, records, uses)) {
                return tensorsMade.rebuild(value);
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException e) {
                // libtorch could not allocate or view what was checked (out of memory, say)
                throw new IllegalArgumentException("libtorch could not make its tensors: "
                        + Messages.firstLine(e.getMessage()), e);
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException("it is not a readable zip archive (" + e.getMessage()
                    + "); it may be truncated or not a PyTorch file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(Messages.of(e), e);
        }
    }

    /** torch.save's zip format starts with a local file header; say what else it is if not. */
    private static void requireZip(Path file) {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        } catch (IOException e) {
            throw new IllegalArgumentException(Messages.of(e), e);
        }
        if (n == 0) {
            throw new IllegalArgumentException("the file is empty");
        }
        if (n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return;
        }
        if ((head[0] & 0xff) == 0x80) {
            throw new IllegalArgumentException("it is in PyTorch's legacy (pre-1.6) format, which dann4j does not read; "
                    + "load it in Python and save it again with torch.save(obj, path)");
        }
        throw new IllegalArgumentException("it is not a PyTorch file (torch.save writes a zip archive)");
    }

    private static Map<String, ZipEntry> entries(ZipFile zip) {
        Map<String, ZipEntry> entries = new LinkedHashMap<>();
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            ZipEntry entry = all.nextElement();
            if (entries.put(entry.getName(), entry) != null) {
                throw new IllegalArgumentException("the archive holds '" + entry.getName() + "' twice");
            }
            if (entries.size() > MAX_ENTRIES) {
                throw new IllegalArgumentException("the archive holds more than " + MAX_ENTRIES + " entries");
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("the archive is empty");
        }
        return entries;
    }

    /** The archive's one top folder, with its slash; every entry must sit in it. */
    private static String archiveFolder(Set<String> names) {
        List<String> pickles = new ArrayList<>();
        for (String name : names) {
            if (name.matches("[^/]+/data\\.pkl")) {
                pickles.add(name);
            }
        }
        if (pickles.size() != 1) {
            throw new IllegalArgumentException(pickles.isEmpty() ? "the archive has no data.pkl (not a torch.save file)"
                    : "the archive has " + pickles.size() + " data.pkl records " + pickles);
        }
        String prefix = pickles.get(0).substring(0, pickles.get(0).length() - "data.pkl".length());
        for (String name : names) {
            if (!name.startsWith(prefix)) {
                throw new IllegalArgumentException("the archive holds '" + name + "' outside its folder " + prefix);
            }
        }
        if (names.contains(prefix + "constants.pkl") || names.stream().anyMatch(n -> n.startsWith(prefix + "code/"))) {
            throw new IllegalArgumentException("it is a TorchScript archive (it carries code, which could run when "
                    + "loaded); dann4j reads only plain torch.save files of tensors (torch.save(model.state_dict(), path))");
        }
        return prefix;
    }

    private static ZipEntry storageRecord(Map<String, ZipEntry> entries, String prefix, StorageRef storage) {
        ZipEntry entry = entries.get(prefix + "data/" + storage.key());
        if (entry == null) {
            throw new IllegalArgumentException("storage '" + storage.key() + "' has no record in the archive");
        }
        long expected = storageBytes(storage);
        if (entry.getSize() != expected) {
            throw new IllegalArgumentException("storage '" + storage.key() + "' declares " + storage.numel() + " "
                    + storage.type().dtypeName() + " elements (" + Limits.describe(expected) + ") but its record holds "
                    + (entry.getSize() < 0 ? "an unknown number of" : Long.toString(entry.getSize())) + " bytes");
        }
        return entry;
    }

    private static long storageBytes(StorageRef storage) {
        return Limits.times(storage.numel(), storage.type().itemSize);
    }

    /** Every tensor reference in the value, each container visited once (depth already bounded). */
    private static void collectTensors(Object value, Map<TensorRef, Boolean> into, Set<Object> visited) {
        if (value instanceof TensorRef tensor) {
            into.put(tensor, Boolean.TRUE);
            return;
        }
        if (PickleDepth.isContainer(value) && visited.add(value)) {
            for (Object child : PickleDepth.children(value)) {
                collectTensors(child, into, visited);
            }
        }
    }
}
