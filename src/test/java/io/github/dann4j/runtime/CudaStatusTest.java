package io.github.dann4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.CudaLibraries;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What {@code dann4j info} reports about CUDA, against the build's flavour and the machine's driver files. */
class CudaStatusTest {
    @Test
    void theVersionsAreThoseOfTheFlavour() {
        if (!CudaLibraries.isCudaBuild()) {
            assertEquals("cpu", CudaStatus.flavor());
            assertNull(CudaStatus.cudaRuntime());
            assertNull(CudaStatus.cudnnRuntime());
            return;
        }
        assertEquals("cuda", CudaStatus.flavor());
        // what libtorch reports of the libraries it runs on, against what the build provisioned
        String provisioned = CudaLibraries.cudaVersion();
        assertEquals(provisioned.substring(0, provisioned.lastIndexOf('.')), CudaStatus.cudaRuntime());
        String cudnn = CudaLibraries.cudnnVersion();
        assertTrue(CudaStatus.cudnnRuntime().startsWith(cudnn.substring(0, cudnn.lastIndexOf('.') + 1)),
                CudaStatus.cudnnRuntime() + " is not cuDNN " + cudnn);
    }

    @Test
    void theDriverIsReportedWhereTheKernelModuleIs() {
        boolean module = Files.isReadable(Path.of("/proc/driver/nvidia/version"));
        assertEquals(module, CudaStatus.driver() != null, "driver " + CudaStatus.driver());
        if (CudaStatus.driver() != null) {
            assertTrue(CudaStatus.driver().matches("\\d+\\.\\d+(\\.\\d+)?"), CudaStatus.driver());
        }
        if (!Files.isDirectory(Path.of("/proc/driver/nvidia/gpus"))) {
            assertTrue(CudaStatus.gpus().isEmpty(), CudaStatus.gpus().toString());
        }
    }

    @Test
    void devicesNeedACudaBuildAndADriver() {
        assertEquals(CudaStatus.available(), CudaStatus.deviceCount() > 0);
        if (!CudaLibraries.isCudaBuild() || CudaStatus.driver() == null) {
            assertEquals(0, CudaStatus.deviceCount());
        }
    }
}
