package io.github.dann4j.robustness;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.dann4j.interop.StateDict;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.testing.PickleOps;
import io.github.dann4j.testing.PickleOps.Op;
import io.github.dann4j.testing.ToyData;
import io.github.dann4j.testing.TorchZip;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.OptimizerSpec;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structure-aware fuzzing of the safe reader: valid state_dicts and checkpoints are split into
 * pickle opcodes and zip records, and mutated where a hostile file would lie — integer arguments
 * (sizes, strides, offsets, storage sizes) set to boundary values, opcodes deleted, duplicated,
 * swapped or inserted (disallowed globals among them), storage keys, types and locations
 * changed, records truncated, extended, dropped or filled with invalid booleans. Every case must
 * load or fail with an IllegalArgumentException; a crash ends the test JVM. A load is also
 * checked for garbage: every element of every tensor must be bytes that occur in one of the
 * file's storage records (a view past its storage would show heap bytes instead).
 *
 * <p>{@code -Ddann4j.fuzz.structure.cases=N} (default 400 per test) and {@code -Ddann4j.fuzz.seed=S}
 * change the campaign; the {@code slow} profile runs 10,000 cases.
 */
class PickleStructureFuzzTest {
    private static final int CASES = Integer.getInteger("dann4j.fuzz.structure.cases", 400);
    private static final long SEED = Long.getLong("dann4j.fuzz.seed", 20261202L);
    private static final long[] BOUNDARIES = {-1, 0, 1, 2, 3, 7, 255, 65535, Integer.MAX_VALUE, Integer.MIN_VALUE,
        1L << 32, 1L << 40, 1L << 62, Long.MAX_VALUE, Long.MIN_VALUE, 100_000, 1 << 20};
    private static final Op[] INSERTS = {PickleOps.plain('('), PickleOps.plain('.'), PickleOps.plain('0'),
        PickleOps.plain('2'), PickleOps.plain(']'), PickleOps.plain('}'), PickleOps.plain(')'), PickleOps.plain('t'),
        PickleOps.plain('R'), PickleOps.plain('b'), PickleOps.plain('a'), PickleOps.plain('s'), PickleOps.plain('u'),
        PickleOps.plain('Q'), PickleOps.plain('N'), PickleOps.plain(0x88), PickleOps.plain(0x81), PickleOps.plain(0x93),
        PickleOps.global("os", "system"), PickleOps.global("builtins", "eval"), PickleOps.global("torch", "FloatStorage"),
        PickleOps.global("torch", "DoubleStorage"), PickleOps.global("torch", "BoolStorage"),
        PickleOps.global("torch._utils", "_rebuild_tensor_v2"), PickleOps.global("collections", "OrderedDict"),
        PickleOps.string("storage"), PickleOps.string("0"), PickleOps.string("cpu"), new Op('h', new byte[] {0}),
        new Op('h', new byte[] {1}), new Op('q', new byte[] {0}), PickleOps.integer(1 << 20)};
    private static final String[] STORAGE_TYPES = {"FloatStorage", "DoubleStorage", "HalfStorage", "LongStorage",
        "ByteStorage", "BoolStorage", "IntStorage", "Storage", "UntypedStorage"};

    private final Map<String, int[]> outcomes = new TreeMap<>(); // mutation -> {loaded, refused}

    @Test
    void mutatedStateDictsLoadOrAreRefused(@TempDir Path dir) throws Exception {
        campaign(dir, CASES, SEED, false);
    }

    @Test
    void mutatedCheckpointsRestoreOrAreRefused(@TempDir Path dir) throws Exception {
        campaign(dir, CASES, SEED + 1, true);
    }

    @Tag("slow")
    @Test
    void longCampaign(@TempDir Path dir) throws Exception {
        int cases = Integer.getInteger("dann4j.fuzz.structure.slowCases", 10_000);
        campaign(dir, cases / 2, SEED + 2, false);
        campaign(dir, cases - cases / 2, SEED + 3, true);
    }

    private void campaign(Path dir, int cases, long seed, boolean checkpoints) throws Exception {
        Random random = new Random(seed);
        outcomes.clear();
        torch.manual_seed(0);
        ToyData data = ToyData.blobs(40, 1, 0);
        try (PointerScope scope = new PointerScope();
                DannModel model = DannModel.mlp(2).features(3, 4).classifier(7, 8).discriminator(5, 6)
                        .activation(io.github.dann4j.nn.Activation.TANH).build();
                TensorDataset source = TensorDataset.labelled(data.features, data.labels);
                TensorDataset target = TensorDataset.unlabelled(data.features);
                DannTrainer sgd = new DannTrainer(model, source, target, TrainingConfig.builder().steps(100).batchSizes(8, 8).build())) {
            List<Map<String, byte[]>> originals = new ArrayList<>();
            if (checkpoints) {
                sgd.step();
                sgd.saveCheckpoint(dir.resolve("sgd.ckpt"));
                originals.add(TorchZip.read(dir.resolve("sgd.ckpt")));
            } else {
                for (String name : new String[] {"python_state_dict.pt", "seed_mlp_float32.pt", "paper_mlp_float64.pt"}) {
                    originals.add(TorchZip.read(Path.of(getClass().getResource("/reference/" + name).toURI())));
                }
            }
            int loaded = 0;
            for (int i = 0; i < cases; i++) {
                Map<String, byte[]> records = new LinkedHashMap<>(originals.get(random.nextInt(originals.size())));
                List<String> applied = new ArrayList<>();
                int n = 1 + random.nextInt(3);
                for (int k = 0; k < n; k++) {
                    applied.add(mutate(records, random));
                }
                String kind = String.join("+", applied);
                Path file = dir.resolve("case.bin");
                TorchZip.write(records, file);
                boolean ok;
                try (PointerScope inner = new PointerScope()) {
                    if (checkpoints) {
                        requireNoGarbage(tensorsIn(io.github.dann4j.interop.TorchFile.read(file, "checkpoint")), records,
                                "case " + i + " (" + kind + ")");
                        sgd.restoreCheckpoint(file);
                    } else {
                        requireNoGarbage(StateDict.load(file), records, "case " + i + " (" + kind + ")");
                    }
                    ok = true;
                } catch (IllegalArgumentException e) {
                    if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().contains("\n")) {
                        fail("case " + i + " (" + kind + ", seed " + seed + "): not a one-line message: " + e.getMessage());
                    }
                    ok = false;
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("case " + i + " (" + kind + ", seed " + seed + ") failed with " + e, e);
                }
                outcomes.computeIfAbsent(applied.get(0), key -> new int[2])[ok ? 0 : 1]++;
                loaded += ok ? 1 : 0;
            }
            System.out.printf("structure fuzz (%s, seed %d): %d cases, %d loaded, %d refused, 0 crashes%n",
                    checkpoints ? "checkpoints" : "state_dicts", seed, cases, loaded, cases - loaded);
            outcomes.forEach((k, v) -> System.out.printf("  %-22s loaded %5d  refused %5d%n", k, v[0], v[1]));
            assertTrue(cases - loaded > cases / 4, "too few mutations were refused: the fuzzing is not reaching the reader");
            if (checkpoints) {
                sgd.restoreCheckpoint(dir.resolve("sgd.ckpt"));
            }
            sgd.step(); // still usable after all of that
        }
    }

    /** Applies one mutation to the records, returns its name. */
    private static String mutate(Map<String, byte[]> records, Random random) {
        String pickleName = TorchZip.pickleName(records);
        List<Op> ops = PickleOps.split(records.get(pickleName));
        List<String> storages = records.keySet().stream().filter(k -> k.contains("/data/")).toList();
        int choice = random.nextInt(10);
        if (choice >= 7 && !storages.isEmpty()) {
            String name = storages.get(random.nextInt(storages.size()));
            byte[] record = records.get(name);
            switch (choice) {
                case 7 -> {
                    records.put(name, java.util.Arrays.copyOf(record, random.nextInt(record.length + 1)));
                    return "record-truncated";
                }
                case 8 -> {
                    records.put(name, java.util.Arrays.copyOf(record, record.length + 1 + random.nextInt(64)));
                    return "record-extended";
                }
                default -> {
                    if (random.nextBoolean()) {
                        records.remove(name);
                        return "record-dropped";
                    }
                    byte[] twos = record.clone();
                    java.util.Arrays.fill(twos, (byte) 2);
                    records.put(name, twos);
                    return "record-overwritten";
                }
            }
        }
        if (ops.size() < 3) {
            return "none";
        }
        int at = 1 + random.nextInt(ops.size() - 2);
        String kind;
        switch (choice) {
            case 0, 1, 2 -> {
                List<Integer> ints = new ArrayList<>();
                for (int j = 0; j < ops.size(); j++) {
                    if (ops.get(j).isInteger()) {
                        ints.add(j);
                    }
                }
                if (ints.isEmpty()) {
                    return "none";
                }
                int j = ints.get(random.nextInt(ints.size()));
                long old = ops.get(j).integer();
                long v = random.nextInt(3) == 0 ? old + random.nextInt(5) - 2 : BOUNDARIES[random.nextInt(BOUNDARIES.length)];
                ops.set(j, PickleOps.integer(v));
                kind = "integer";
            }
            case 3 -> {
                ops.remove(at);
                kind = "op-deleted";
            }
            case 4 -> {
                if (random.nextBoolean()) {
                    ops.add(at, ops.get(at));
                    kind = "op-duplicated";
                } else {
                    Op op = ops.remove(at);
                    ops.add(at + 1 < ops.size() ? at + 1 : at, op);
                    kind = "ops-swapped";
                }
            }
            case 5 -> {
                ops.add(at, INSERTS[random.nextInt(INSERTS.length)]);
                kind = "op-inserted";
            }
            default -> {
                List<Integer> names = new ArrayList<>();
                for (int j = 0; j < ops.size(); j++) {
                    if (ops.get(j).isString() || ops.get(j).code() == 'c') {
                        names.add(j);
                    }
                }
                int j = names.get(random.nextInt(names.size()));
                if (ops.get(j).code() == 'c') {
                    ops.set(j, PickleOps.global("torch", STORAGE_TYPES[random.nextInt(STORAGE_TYPES.length)]));
                    kind = "global-replaced";
                } else {
                    String[] replacements = {"0", "1", "2", "99", "../0", "", "cuda:0", "storage", "x".repeat(300)};
                    ops.set(j, PickleOps.string(replacements[random.nextInt(replacements.length)]));
                    kind = "string-replaced";
                }
            }
        }
        records.put(pickleName, PickleOps.join(ops));
        return kind;
    }

    /** The tensors anywhere in a value read by TorchFile, by path. */
    private static Map<String, Tensor> tensorsIn(Object value) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect(value, "", out);
        return out;
    }

    private static void collect(Object value, String path, Map<String, Tensor> out) {
        if (value instanceof Tensor t) {
            out.put(path, t);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collect(v, path + "/" + k, out));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(list.get(i), path + "/" + i, out);
            }
        }
    }

    /** Each element of each tensor must be bytes that occur at an aligned place of some storage record. */
    private static void requireNoGarbage(Map<String, Tensor> tensors, Map<String, byte[]> records, String name) {
        Map<Integer, Set<String>> patterns = new java.util.HashMap<>();
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            Tensor t = entry.getValue().contiguous();
            int item = (int) t.element_size();
            long count = t.numel();
            if (count == 0) {
                continue;
            }
            Set<String> known = patterns.computeIfAbsent(item, size -> {
                Set<String> set = new HashSet<>();
                records.forEach((recordName, bytes) -> {
                    if (recordName.contains("/data/")) {
                        for (int p = 0; p + size <= bytes.length; p += size) {
                            set.add(java.util.HexFormat.of().formatHex(bytes, p, p + size));
                        }
                    }
                });
                return set;
            });
            byte[] raw = new byte[(int) (count * item)];
            new BytePointer(t.data_ptr()).get(raw);
            for (int p = 0; p < raw.length; p += item) {
                String pattern = java.util.HexFormat.of().formatHex(raw, p, p + item);
                if (!known.contains(pattern)) {
                    fail(name + ": tensor '" + entry.getKey() + "' holds bytes " + pattern + " found in no storage record");
                }
            }
        }
    }
}
