package io.github.dann4j.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A pickle as a list of opcodes with their argument bytes, for structure-aware mutation: split
 * a valid pickle, change opcodes or their arguments, join it again. Only the binary opcodes that
 * torch.save and dann4j write are split; an unknown opcode ends the split (the rest is kept as
 * one opaque op).
 */
public final class PickleOps {
    private PickleOps() {}

    /** One opcode and its argument bytes (for GLOBAL, the two lines). */
    public record Op(int code, byte[] arg) {
        public long integer() {
            long v = 0;
            int n = code == 0x8a ? arg.length - 1 : arg.length;
            int start = code == 0x8a ? 1 : 0;
            for (int i = n - 1; i >= 0; i--) {
                v = (v << 8) | (arg[start + i] & 0xff);
            }
            if ((code == 'J' || code == 0x8a) && n > 0 && n < 8 && (arg[start + n - 1] & 0x80) != 0) {
                v -= 1L << (8 * n);
            }
            return v;
        }

        public boolean isInteger() {
            return code == 'K' || code == 'M' || code == 'J' || code == 0x8a;
        }

        public boolean isString() {
            return code == 'X' || code == 0x8c;
        }

        public String string() {
            int skip = code == 'X' ? 4 : 1;
            return new String(arg, skip, arg.length - skip, StandardCharsets.UTF_8);
        }
    }

    public static List<Op> split(byte[] pickle) {
        List<Op> ops = new ArrayList<>();
        int pos = 0;
        while (pos < pickle.length) {
            int code = pickle[pos] & 0xff;
            int n = argLength(code, pickle, pos + 1);
            if (n < 0 || pos + 1 + n > pickle.length) {
                ops.add(new Op(-1, java.util.Arrays.copyOfRange(pickle, pos, pickle.length)));
                break;
            }
            ops.add(new Op(code, java.util.Arrays.copyOfRange(pickle, pos + 1, pos + 1 + n)));
            pos += 1 + n;
        }
        return ops;
    }

    public static byte[] join(List<Op> ops) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Op op : ops) {
            if (op.code() >= 0) {
                out.write(op.code());
            }
            out.writeBytes(op.arg());
        }
        return out.toByteArray();
    }

    /** An integer op holding {@code v}: LONG1 with 8 bytes, so any long fits. */
    public static Op integer(long v) {
        byte[] arg = new byte[9];
        arg[0] = 8;
        for (int i = 0; i < 8; i++) {
            arg[1 + i] = (byte) (v >>> (8 * i));
        }
        return new Op(0x8a, arg);
    }

    public static Op string(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        byte[] arg = new byte[4 + bytes.length];
        for (int i = 0; i < 4; i++) {
            arg[i] = (byte) (bytes.length >>> (8 * i));
        }
        System.arraycopy(bytes, 0, arg, 4, bytes.length);
        return new Op('X', arg);
    }

    public static Op global(String module, String name) {
        return new Op('c', (module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    public static Op plain(int code) {
        return new Op(code, new byte[0]);
    }

    private static int argLength(int code, byte[] b, int at) {
        switch (code) {
            case 0x80: case 'K': case 'q': case 'h': return 1;
            case 'M': return 2;
            case 'J': case 'r': case 'j': return 4;
            case 'G': case 0x95: return 8;
            case 0x8a: case 0x8c: case 'U': case 'C': return at < b.length ? 1 + (b[at] & 0xff) : -1;
            case 'X': case 'T': case 'B': case 0x8b: {
                if (at + 4 > b.length) {
                    return -1;
                }
                long n = (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (long) (b[at + 3] & 0xff) << 24;
                return n > b.length ? -1 : 4 + (int) n;
            }
            case 'c': {
                int first = indexOf(b, at);
                int second = first < 0 ? -1 : indexOf(b, first + 1);
                return second < 0 ? -1 : second + 1 - at;
            }
            case '.': case '(': case '0': case '1': case '2': case 'N': case 0x88: case 0x89: case ']': case '}': case ')':
            case 't': case 0x85: case 0x86: case 0x87: case 'l': case 'd': case 'a': case 'e': case 's': case 'u':
            case 0x94: case 0x93: case 'R': case 'b': case 'Q': case 0x81:
                return 0;
            default:
                return -1;
        }
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
