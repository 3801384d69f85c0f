package io.github.dann4j.distributed;

import io.github.dann4j.internal.Libtorch;
import io.github.dann4j.internal.Messages;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.BarrierOptions;
import org.bytedeco.pytorch.BroadcastOptions;
import org.bytedeco.pytorch.GlooDeviceVector;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.ReduceOp;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;
import org.bytedeco.pytorch.gloo.Device;

/**
 * One process's membership of a c10d Gloo process group: the {@code TCPStore} every rank met at
 * ({@code Rendezvous}), the {@code ProcessGroupGloo} built on it, and the heartbeat that names a
 * rank that dies. Collectives take CPU tensors and work in place; each waits at most the
 * configured timeout and fails as one line of {@link DistributedException} naming this rank, the
 * operation and, when it can be told, the rank at fault. After a failure the group is broken:
 * every later collective is refused at once.
 *
 * <p>The group owns its store, Gloo group and heartbeat thread; {@link #close} frees them once.
 * Not thread-safe: one thread drives the collectives (as the trainer does).
 */
public final class ProcessGroup implements AutoCloseable {
    private final DistributedConfig config;
    private final TCPStore store;
    private final ProcessGroupGloo gloo;
    private final Heartbeats heartbeats;
    private String broken;
    private boolean closed;

    private ProcessGroup(DistributedConfig config, TCPStore store, ProcessGroupGloo gloo, Heartbeats heartbeats) {
        this.config = config;
        this.store = store;
        this.gloo = gloo;
        this.heartbeats = heartbeats;
    }

    /**
     * Joins the group {@code config} describes: returns when all ranks have arrived and Gloo has
     * connected them, or throws within about the join timeout.
     *
     * @throws DistributedException one line: the port in use, rank 0 unreachable, a world-size
     *         mismatch, ranks that did not arrive, Gloo failing to connect
     */
    public static ProcessGroup connect(DistributedConfig config) {
        java.util.Objects.requireNonNull(config, "distributed config");
        Libtorch.load();
        TCPStore store = Rendezvous.join(config);
        ProcessGroupGloo gloo = null;
        Milliseconds timeout = new Milliseconds(config.timeout().toMillis());
        ProcessGroupGloo.Options options = ProcessGroupGloo.Options.create(timeout);
        Device device = device(config);
        GlooDeviceVector devices = new GlooDeviceVector(device);
        try {
            options.devices(devices);
            options.threads(2);
            gloo = new ProcessGroupGloo(store, config.rank(), config.worldSize(), options);
            Heartbeats heartbeats = new Heartbeats(store, config.rank());
            return new ProcessGroup(config, store, gloo, heartbeats);
        } catch (RuntimeException e) {
            if (gloo != null) {
                gloo.close();
            }
            store.close();
            throw new DistributedException("rank " + config.rank() + ": Gloo could not connect the " + config.worldSize()
                    + " ranks: " + nativeMessage(e));
        } finally {
            devices.close();
            device.close();
            options.close();
            timeout.close();
        }
    }

    /**
     * The network device Gloo binds to: loopback when the master is on this machine's loopback,
     * the interface in {@code GLOO_SOCKET_IFNAME} when set, else the one this host's name resolves to.
     */
    private static Device device(DistributedConfig config) {
        String ifname = System.getenv("GLOO_SOCKET_IFNAME");
        if (ifname != null && !ifname.isBlank()) {
            return ProcessGroupGloo.createDeviceForInterface(ifname.trim());
        }
        if (loopback(config.masterAddress())) {
            return ProcessGroupGloo.createDeviceForHostname("127.0.0.1");
        }
        return ProcessGroupGloo.createDefaultDevice();
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new DistributedException("the master address " + address + " does not resolve: " + Messages.of(e));
        }
    }

    public int rank() {
        return config.rank();
    }

    public int worldSize() {
        return config.worldSize();
    }

    public DistributedConfig config() {
        return config;
    }

    /** Sums {@code tensor} (CPU, contiguous) over all ranks, in place. */
    public void allreduceSum(Tensor tensor) {
        allreduce(tensor, ReduceOp.RedOpType.SUM, "allreduce");
    }

    /** The element-wise maximum of {@code tensor} (CPU, contiguous) over all ranks, in place. */
    public void allreduceMax(Tensor tensor) {
        allreduce(tensor, ReduceOp.RedOpType.MAX, "allreduce(max)");
    }

    private void allreduce(Tensor tensor, ReduceOp.RedOpType op, String what) {
        requireUsable(tensor, what);
        try (PointerScope scope = new PointerScope()) {
            AllreduceOptions options = new AllreduceOptions();
            options.reduceOp(new ReduceOp(op));
            options.timeout(timeout());
            finish(gloo.allreduce(new TensorVector(tensor), options), what);
        }
    }

    /** Overwrites {@code tensor} (CPU, contiguous) on every rank with rank {@code root}'s. */
    public void broadcast(Tensor tensor, int root) {
        if (root < 0 || root >= worldSize()) {
            throw new IllegalArgumentException("the root rank must be in 0.." + (worldSize() - 1) + ", got " + root);
        }
        requireUsable(tensor, "broadcast");
        try (PointerScope scope = new PointerScope()) {
            BroadcastOptions options = new BroadcastOptions();
            options.rootRank(root);
            options.timeout(timeout());
            finish(gloo.broadcast(new TensorVector(tensor), options), "broadcast");
        }
    }

    /** Returns when every rank has reached its barrier. */
    public void barrier() {
        requireOpen("barrier");
        try (PointerScope scope = new PointerScope()) {
            BarrierOptions options = new BarrierOptions();
            options.timeout(timeout());
            finish(gloo.barrier(options), "barrier");
        }
    }

    private Milliseconds timeout() {
        return new Milliseconds(config.timeout().toMillis());
    }

    private void finish(Work work, String what) {
        String cause;
        try {
            if (work._wait(timeout())) {
                return;
            }
            cause = "no answer within " + config.timeout().toMillis() + " ms";
        } catch (RuntimeException e) {
            cause = nativeMessage(e);
        }
        String culprit = Heartbeats.culprits(store, rank(), worldSize());
        broken = "rank " + rank() + ": " + what + " failed" + (culprit.isEmpty() ? "" : ": " + culprit) + " (" + cause + ")";
        throw new DistributedException(broken);
    }

    /** The first line of a c10d or Gloo message, without Gloo's "[/path/to/pair.cc:538] " prefix. */
    static String nativeMessage(RuntimeException e) {
        return Messages.firstLine(e.getMessage()).replaceFirst("^\\[[^\\]]*\\.(cc|cpp|h):\\d+\\] ", "");
    }

    private void requireUsable(Tensor tensor, String what) {
        requireOpen(what);
        if (tensor == null || !tensor.defined()) {
            throw new IllegalArgumentException(what + " needs a defined tensor");
        }
        if (!tensor.device().is_cpu() || !tensor.is_contiguous()) {
            throw new IllegalArgumentException(what + " needs a contiguous CPU tensor (Gloo reads host memory)");
        }
    }

    private void requireOpen(String what) {
        if (closed) {
            throw new IllegalStateException("this ProcessGroup is closed");
        }
        if (broken != null) {
            throw new DistributedException("the group is broken, no " + what + ": " + broken);
        }
    }

    /** Whether a collective has failed (the group then refuses every collective). */
    public boolean isBroken() {
        return broken != null;
    }

    /** Stops the heartbeat and frees the Gloo group and the store. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        heartbeats.close();
        gloo.close();
        store.close();
    }
}
