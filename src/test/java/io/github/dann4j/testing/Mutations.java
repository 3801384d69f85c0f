package io.github.dann4j.testing;

import java.util.Arrays;
import java.util.Random;

/** Byte-level mutations for the fuzz tests. */
public final class Mutations {
    private Mutations() {}

    /** One of: a few random bytes overwritten, the file truncated, one bit flipped. */
    public static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(3)) {
            case 0 -> {
                int n = 1 + random.nextInt(8);
                for (int k = 0; k < n; k++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            default -> {
                int p = random.nextInt(bytes.length);
                bytes[p] = (byte) (bytes[p] ^ (1 << random.nextInt(8)));
            }
        }
        return bytes;
    }
}
