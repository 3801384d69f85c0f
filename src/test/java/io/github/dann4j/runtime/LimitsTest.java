package io.github.dann4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The documented bounds and their overrides; the thread bound refuses instead of hanging. */
class LimitsTest {

    @Test
    void saturatingArithmetic() {
        assertEquals(24, Limits.product(2, 3, 4));
        assertEquals(Long.MAX_VALUE, Limits.product(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, Limits.product(3, -1));
        assertEquals(Long.MAX_VALUE, Limits.plus(Long.MAX_VALUE - 1, 2));
        assertEquals(5, Limits.plus(2, 3));
    }

    @Test
    void threadsAreBoundedByTheMachineAndTheBoundCanBeRaised() {
        int processors = Runtime.getRuntime().availableProcessors();
        assertEquals(Limits.THREADS_PER_PROCESSOR * processors, Limits.threads());
        IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(IllegalArgumentException.class, () -> Threads.set(1_000_000)));
        assertEquals("a thread count of 1000000 is over the limit of " + Limits.threads() + " (4 per available processor, "
                + processors + " here; raise it with -Ddann4j.limit.threads=N)", e.getMessage());
        System.setProperty(Limits.THREADS, "2000000");
        try {
            assertEquals(2_000_000, Limits.threads());
            Limits.requireThreads(1_000_000, "--threads");
        } finally {
            System.clearProperty(Limits.THREADS);
        }
    }

    @Test
    void badValuesOfAPropertyAreOneLine() {
        System.setProperty(Limits.MEMORY, "lots");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Limits::memoryBytes);
            assertTrue(e.getMessage().startsWith("bad value 'lots' of -Ddann4j.limit.memory"), e.getMessage());
        } finally {
            System.clearProperty(Limits.MEMORY);
        }
    }
}
