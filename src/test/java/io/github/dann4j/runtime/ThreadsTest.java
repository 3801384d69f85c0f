package io.github.dann4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThreadsTest {
    private int before;

    @BeforeEach
    void remember() {
        before = Threads.get();
    }

    @AfterEach
    void restore() {
        Threads.set(before);
    }

    @Test
    void setSizesLibtorchAndOpenBlasTogether() {
        for (int threads : new int[] {2, 1}) {
            Threads.set(threads);
            assertEquals(threads, torch.get_num_threads());
            assertEquals(threads, Threads.get());
            // the pool torch.set_num_threads leaves alone
            assertEquals(threads, Blas.threads());
        }
    }

    @Test
    void torchAloneLeavesOpenBlasBehindWhichIsWhyThreadsExists() {
        Threads.set(2);
        torch.set_num_threads(1);
        assertEquals(2, Blas.threads());
    }

    @Test
    void rejectsCountsBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Threads.set(0));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Threads.set(-3));
    }

    @Test
    void aCountChosenThroughSetIsKeptByTheTrainingDefault() {
        Threads.set(2);
        Threads.applyTrainingDefault();
        assertEquals(2, Threads.get());
        assertEquals(2, Blas.threads());
    }
}
