package io.github.dann4j.internal;

import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/** Not part of the public API. Runs tensor code in its own {@link PointerScope} and hands only the result to the caller. */
public final class Scopes {
    private Scopes() {}

    /**
     * Runs {@code body} in a fresh scope, so every intermediate tensor it makes is freed on return,
     * and returns a handle to its result that belongs to the caller: attached to the caller's
     * innermost {@code PointerScope} if there is one, otherwise freed by {@code close()} or the GC.
     */
    public static Tensor returning(Supplier<Tensor> body) {
        // The handle is made before the inner scope opens, so it lands in the caller's scope; the
        // inner scope then only owns the temporaries. put() shares the result's storage (at::Tensor
        // is reference counted), so closing the inner scope frees the temporary handle, not the data.
        Tensor out = new Tensor();
        try (PointerScope scope = new PointerScope()) {
            out.put(body.get());
        }
        return out;
    }
}
