package io.github.dann4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
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
    void setSizesLibtorchAndKeepsOpenBlasAtOneThread() {
        for (int threads : new int[] {2, 1, 3}) {
            Threads.set(threads);
            assertEquals(threads, torch.get_num_threads());
            assertEquals(threads, Threads.get());
            assertEquals(1, Blas.threads(), "OpenBLAS's own pool would fight OpenMP's for the cores");
        }
    }

    @Test
    void keepCountAlignBlasLeavesTheCountAlone() {
        torch.set_num_threads(2);
        Threads.keepCountAlignBlas();
        assertEquals(2, Threads.get());
        assertEquals(1, Blas.threads());
    }

    @Test
    void rejectsCountsBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Threads.set(0));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Threads.set(-3));
    }

    @Test
    void trainingDefaultIsOneThreadForSmallStepsAndOnePerCoreOtherwise() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(1, Threads.trainingDefault(5_000_000));
        assertEquals(1, Threads.trainingDefault(Threads.SMALL_STEP_MULTIPLY_ADDS - 1));
        assertEquals(cores, Threads.trainingDefault(Threads.SMALL_STEP_MULTIPLY_ADDS));
        assertEquals(cores, Threads.trainingDefault(0), "unknown size: libtorch's own default");
    }

    @Test
    void modelsReportTheirWorkFromTheirShapes() {
        try (DannModel shallow = DannModel.mlp(400).features(100).classifier(2).discriminator(1)
                        .activation(Activation.SIGMOID).build();
                DannModel digits = DannModel.digits(3, 28, 10)) {
            assertEquals(400 * 100 + 100 * 2 + 100 * 1, shallow.multiplyAddsPerSample());
            long convolutions = 24 * 24 * 32 * 3 * 25 + 8 * 8 * 48 * 32 * 25;
            long heads = 768 * 100 + 100 * 100 + 100 * 10 + 768 * 100 + 100 * 1;
            assertEquals(convolutions + heads, digits.multiplyAddsPerSample());
            // the two benchmark models fall on either side of the threshold, batches 64 + 64
            assertEquals(1, Threads.trainingDefault(shallow.multiplyAddsPerSample() * 128));
            assertTrue(digits.multiplyAddsPerSample() * 128 >= Threads.SMALL_STEP_MULTIPLY_ADDS);
        }
    }
}
