package io.github.dann4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.interop.PickleValues.TensorRef;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The allow-list unpickler on hand-made pickles: what it builds, and what it refuses, and how fast. */
class PickleReaderTest {
    private static final int DEPTH = 64;

    /** A pickle from raw opcodes: PROTO 2, the body, STOP. */
    private static byte[] pickle(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2);
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            } else if (part instanceof byte[] b) {
                out.writeBytes(b);
            } else {
                out.write((Integer) part);
            }
        }
        out.write('.');
        return out.toByteArray();
    }

    private static String refusal(byte[] data) {
        return assertThrows(IllegalArgumentException.class, () -> PickleReader.read(data, DEPTH)).getMessage();
    }

    @Test
    void plainValuesAndATensorReference() {
        // {'a': [1, -2, 3.5, 'x', None, True], 't': _rebuild_tensor_v2(('storage', torch.FloatStorage, '0', 'cpu', 6), 1, (2, 2), (3, 1), False, OrderedDict())}
        Object value = PickleReader.read(pickle("}(", "X\1\0\0\0a", "](K\1J\u00fe\u00ff\u00ff\u00ffG\u0040\u000c\0\0\0\0\0\0",
                "X\1\0\0\0x", "N", 0x88, "e", "X\1\0\0\0t", "ctorch._utils\n_rebuild_tensor_v2\n(",
                "(X\7\0\0\0storagectorch\nFloatStorage\nX\1\0\0\0" + "0X\3\0\0\0cpuK\6tQ",
                "K\1(K\2K\2t(K\3K\1t", 0x89, "ccollections\nOrderedDict\n)R", "tR", "u"), DEPTH);
        Map<?, ?> dict = assertInstanceOf(Map.class, value);
        assertEquals(java.util.Arrays.asList(1L, -2L, 3.5, "x", null, true), dict.get("a"));
        TensorRef tensor = assertInstanceOf(TensorRef.class, dict.get("t"));
        assertEquals(1, tensor.offset());
        assertEquals(List.of(2L, 2L), java.util.Arrays.stream(tensor.sizes()).boxed().toList());
        assertEquals(StorageType.FLOAT, tensor.storage().type());
        assertEquals(6, tensor.storage().numel());
    }

    @Test
    void globalsOutsideTheAllowListAreRefusedBeforeAnythingIsCalled() {
        for (String global : new String[] {"os\nsystem\n", "posix\nsystem\n", "builtins\neval\n", "subprocess\nPopen\n",
                "__main__\nEvil\n", "torch\nfrom_file\n", "torch\nload\n", "torch._utils\n_rebuild_qtensor\n"}) {
            String message = refusal(pickle("c" + global, "(X\2\0\0\0lstR"));
            assertTrue(message.contains("the file names the Python global '" + global.replace('\n', '.').replaceAll("\\.$", "")
                    + "', which is not allowed"), message);
        }
        // The same through STACK_GLOBAL (protocol 4).
        String stack = refusal(pickle("X\2\0\0\0osX\6\0\0\0system", 0x93, "(X\2\0\0\0lstR"));
        assertTrue(stack.contains("'os.system'"), stack);
    }

    @Test
    void onlyAllowedCallablesMayBeCalledAndBuilt() {
        assertTrue(refusal(pickle("](tR")).contains("REDUCE calls a list"));
        assertTrue(refusal(pickle("]}b")).contains("BUILD is allowed on an OrderedDict only"));
        assertTrue(refusal(pickle("ccollections\nOrderedDict\n(K\1tR")).contains("OrderedDict called with arguments"));
        assertTrue(refusal(pickle(0x81)).contains("not allowed"), "NEWOBJ");
        assertTrue(refusal(pickle("I1\n")).contains("opcode 0x49"), "text-protocol INT");
    }

    @Test
    void malformedPersistentIdsAreRefused() {
        String storage = "(X\7\0\0\0storagectorch\nFloatStorage\n";
        assertTrue(refusal(pickle(storage + "X\4\0\0\0../0X\3\0\0\0cpuK\6tQ")).contains("storage key"));
        assertTrue(refusal(pickle(storage + "X\1\0\0\0" + "0X\3\0\0\0cpuJ\u00ff\u00ff\u00ff\u00fftQ")).contains("non-negative"));
        assertTrue(refusal(pickle("(X\7\0\0\0storagectorch\nUntypedStorage\n")).contains("torch.UntypedStorage"));
        assertTrue(refusal(pickle("X\3\0\0\0abcQ")).contains("persistent id"));
        assertTrue(refusal(pickle("}(" + storage + "X\1\0\0\0" + "0X\3\0\0\0cpuK\6tQ" + "X\1\0\0\0a" + storage
                + "X\1\0\0\0" + "0X\3\0\0\0cpuK\7tQ" + "X\1\0\0\0bu")).contains("declared twice"));
    }

    @Test
    @Timeout(10)
    void deepNestingIsRefusedWithoutRecursion() {
        int n = 100_000;
        byte[] lists = pickle("]".repeat(n), "a".repeat(n - 1));
        assertTrue(refusal(lists).contains("nests containers more than 64 deep"));
        byte[] tuples = pickle("(".repeat(n), "N", "t".repeat(n));
        assertTrue(refusal(tuples).contains("more than 64 deep"));
        byte[] dicts = pickle("}X\1\0\0\0k".repeat(n), "N", "s".repeat(n));
        assertTrue(refusal(dicts).contains("more than 64 deep"));
        // Exactly at the limit it loads; one more level does not.
        PickleReader.read(pickle("]".repeat(DEPTH), "a".repeat(DEPTH - 1)), DEPTH);
        assertTrue(refusal(pickle("]".repeat(DEPTH + 1), "a".repeat(DEPTH))).contains("more than 64 deep"));
    }

    @Test
    void cyclesAreRefused() {
        assertTrue(refusal(pickle("]q\0h\0a")).contains("contains itself"));
        assertTrue(refusal(pickle("}q\0X\1\0\0\0kh\0s")).contains("contains itself"));
    }

    /** 50 levels of lists that each hold the level below twice: 2^50 paths, 50 containers. */
    @Test
    @Timeout(10)
    void sharedContainersAreWalkedOnce() {
        StringBuilder body = new StringBuilder("]q\0");
        for (int i = 1; i < 50; i++) {
            body.append("0](h").append((char) (i - 1)).append('h').append((char) (i - 1)).append("eq").append((char) i);
        }
        Object value = PickleReader.read(pickle(body.toString()), DEPTH);
        assertEquals(2, ((List<?>) value).size());
        // A dict of 100,000 entries held 100,000 times by one list: linear, not 10^10 steps.
        int n = 100_000;
        ByteArrayOutputStream dict = new ByteArrayOutputStream();
        dict.writeBytes("}q\0(".getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < n; i++) {
            dict.write('J');
            dict.writeBytes(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16), 0});
            dict.write('N');
        }
        dict.writeBytes("u0](".getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < n; i++) {
            dict.writeBytes(new byte[] {'h', 0});
        }
        dict.write('e');
        assertEquals(n, ((List<?>) PickleReader.read(pickle(dict.toByteArray()), DEPTH)).size());
    }

    @Test
    void truncatedAndOversizedArgumentsAreRefused() {
        assertTrue(refusal(new byte[] {(byte) 0x80, 2, 'X', 5, 0, 0, 0, 'a'}).contains("runs past the end"));
        assertTrue(refusal(new byte[] {(byte) 0x80, 2, ']'}).contains("no STOP"));
        assertTrue(refusal(new byte[] {'X'}).contains("not a binary pickle"));
        assertTrue(refusal(pickle(0x8a, 9, "123456789")).contains("more than 64 bits"));
        assertTrue(refusal(pickle("N", "N")).contains("STOP with 2 values"));
        assertTrue(refusal(pickle("h\7")).contains("memo 7 read before it was written"));
        assertTrue(refusal(new byte[] {(byte) 0x80, 9, '.'}).contains("protocol 9"));
    }

    @Test
    @Timeout(10)
    void theNumberOfValuesMarksAndMemoEntriesIsBounded() {
        String limit = "more than " + PickleReader.MAX_VALUES + " values";
        assertTrue(refusal(pickle("]", "(", "N".repeat(PickleReader.MAX_VALUES + 1), "e")).contains(limit));
        assertTrue(refusal(pickle("(".repeat(PickleReader.MAX_VALUES + 1))).contains(limit));
        assertTrue(refusal(pickle("N", "\u0094".repeat(PickleReader.MAX_VALUES + 1))).contains(limit));
    }
}
