package io.github.dann4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * The modules inside a model must stay alive however the garbage collector treats their Java
 * wrappers: a bytedeco module allocated without a shared_ptr (MaxPool2dImpl) once left the digits
 * network with a dangling child and crashed the JVM after a collection. Failing here means a
 * crash of the test JVM, which fails the build loudly.
 */
class ModelOwnershipTest {

    @Test
    void everyArchitectureSurvivesGarbageCollection() throws InterruptedException {
        List<Supplier<DannModel>> builders = List.of(
                () -> DannModel.digits(3, 28, 10),
                () -> DannModel.digits(1, 32, 10),
                () -> DannModel.mlp(4).features(8, 6).classifier(5, 3).discriminator(4, 1).activation(Activation.TANH).build(),
                () -> DannModel.mlp(4).features(8).classifier(3).discriminator(1).activation(Activation.SIGMOID)
                        .domainOutput(DomainOutput.PROBABILITIES).build(),
                () -> DannModel.mlp(4).features(8).classifier(3).activation(Activation.RELU).build());
        for (Supplier<DannModel> builder : builders) {
            try (DannModel model = builder.get()) {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    Thread.sleep(50);
                }
                model.train(false);
                model.train(true);
                try (PointerScope scope = new PointerScope()) {
                    long[] shape = model.featureSize() == 768 ? new long[] {2, 3, 28, 28}
                            : model.featureSize() == 1200 ? new long[] {2, 1, 32, 32} : new long[] {2, 4};
                    Tensor logits = model.predictLogits(torch.randn(shape));
                    assertEquals(model.classes(), logits.size(1));
                    assertEquals(model.domainOutputCount(), model.domainOutputs(model.features(torch.randn(shape))).size(1));
                }
            }
        }
    }
}
