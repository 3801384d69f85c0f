package io.github.dann4j.distributed;

import io.github.dann4j.internal.Messages;
import io.github.dann4j.internal.NativeOps;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.ByteVector;
import org.bytedeco.pytorch.IntOptional;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;

/**
 * The meeting of all ranks at rank 0's c10d {@code TCPStore}, before any process group exists
 * (a group built without a real store crashed the JVM, bytedeco#1678): for a loopback MASTER_ADDR
 * rank 0 binds a socket to that address and the port only (c10d's own server would listen on every
 * interface) and starts the store on it; every other rank waits, in Java, until the port answers, then connects. Each rank then claims its rank and checks its world size against rank 0's; all wait
 * until the whole world has arrived. Every failure is one line within the join timeout: the port
 * in use, rank 0 unreachable, a world-size mismatch (reported on every rank), a rank claimed
 * twice, ranks that never arrived (named).
 */
final class Rendezvous {
    static final String PREFIX = "dann4j/";
    private static final String WORLD = PREFIX + "world_size";
    private static final String ARRIVED = PREFIX + "arrived";
    private static final String ABORT = PREFIX + "abort";
    private static final long POLL_MS = 20;
    private static final int BACKLOG = 128;
    private static final int EACCES = 13;
    private static final int EADDRINUSE = 98;
    private static final int EADDRNOTAVAIL = 99;

    private Rendezvous() {}

    /** The store for {@code config}'s rank, after every rank has arrived; the caller owns it. */
    static TCPStore join(DistributedConfig config) {
        long deadline = System.nanoTime() + config.joinTimeout().toNanos();
        int listenFd = -1;
        if (config.rank() == 0) {
            listenFd = listen(config);
        } else {
            awaitMaster(config, deadline);
        }
        TCPStore store = open(config, listenFd);
        try {
            meet(store, config, deadline);
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Rank 0's listening socket when MASTER_ADDR is a loopback address: bound to it only (c10d's own
     * server would listen on every interface), its descriptor handed to c10d with the store's
     * options. For any other address, -1: c10d listens on every interface as in PyTorch, since a
     * host name may resolve to another address on rank 0's machine (Debian's 127.0.1.1) than on the
     * others.
     */
    private static int listen(DistributedConfig config) {
        InetAddress address;
        try {
            address = InetAddress.getByName(config.masterAddress());
        } catch (UnknownHostException e) {
            throw new DistributedException("rank 0 cannot resolve MASTER_ADDR " + config.masterAddress() + " ("
                    + Messages.of(e) + ")");
        }
        if (!address.isLoopbackAddress()) {
            requirePortFree(config);
            return -1;
        }
        String host = address.getHostAddress();
        int fd = NativeOps.listening_socket(host, config.masterPort(), BACKLOG);
        if (fd >= 0) {
            return fd;
        }
        String why = switch (-fd) {
            case EADDRINUSE -> "the port is in use; choose another with MASTER_PORT or --master-port";
            case EADDRNOTAVAIL -> "the address is not one of this machine's; MASTER_ADDR must name rank 0's machine";
            case EACCES -> "permission denied";
            default -> "error " + (-fd);
        };
        throw new DistributedException("rank 0 cannot host the store on port " + config.masterPort() + " of " + host + ": "
                + why);
    }

    /** Rank 0's check before c10d binds every interface: a port in use is one line, not c10d's message. */
    private static void requirePortFree(DistributedConfig config) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(config.masterPort()));
        } catch (IOException e) {
            throw new DistributedException("rank 0 cannot host the store on port " + config.masterPort()
                    + ": the port is in use (" + Messages.of(e) + "); choose another with MASTER_PORT or --master-port");
        }
    }

    /** Waits until rank 0's store accepts connections (c10d's own connect loop can miss a late server). */
    private static void awaitMaster(DistributedConfig config, long deadline) {
        InetSocketAddress address = new InetSocketAddress(config.masterAddress(), config.masterPort());
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(address, 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new DistributedException("rank " + config.rank() + ": rank 0's store at "
                            + config.masterAddress() + ":" + config.masterPort() + " did not answer within "
                            + seconds(config) + " (" + Messages.of(e) + "); is rank 0 running, and MASTER_ADDR and"
                            + " MASTER_PORT the same on every rank?");
                }
                sleep(100);
            }
        }
    }

    /** The store: rank 0 serves on {@code listenFd} (c10d takes it over), the others connect. */
    private static TCPStore open(DistributedConfig config, int listenFd) {
        TCPStoreOptions options = new TCPStoreOptions();
        Milliseconds timeout = new Milliseconds(config.joinTimeout().toMillis());
        try {
            options.port((short) config.masterPort()); // uint16 in C++: the bits of 32768..65535 carry over
            options.isServer(config.rank() == 0);
            options.waitWorkers(false);
            options.timeout(timeout);
            if (listenFd >= 0) {
                options.masterListenFd(new IntOptional(listenFd));
            }
            return new TCPStore(config.masterAddress(), options);
        } catch (RuntimeException e) {
            throw new DistributedException("rank " + config.rank() + ": cannot " + (config.rank() == 0
                    ? "start the store on port " + config.masterPort()
                    : "connect to the store at " + config.masterAddress() + ":" + config.masterPort())
                    + ": " + Messages.firstLine(e.getMessage()));
        } finally {
            timeout.close();
            options.close();
        }
    }

    private static void meet(TCPStore store, DistributedConfig config, long deadline) {
        int rank = config.rank();
        try {
            if (rank == 0) {
                set(store, WORLD, Integer.toString(config.worldSize()));
            }
            if (store.add(PREFIX + "claim/" + rank, 1) > 1) {
                abort(store, "two processes were started as rank " + rank);
            }
            if (rank != 0) {
                waitFor(store, WORLD, config, deadline);
                int masterWorld = Integer.parseInt(get(store, WORLD));
                if (masterWorld != config.worldSize()) {
                    abort(store, "rank " + rank + " was started with world size " + config.worldSize()
                            + " but rank 0 with " + masterWorld + "; give every rank the same WORLD_SIZE");
                }
            }
            store.add(ARRIVED, 1);
            while (true) {
                if (store.check(new StringVector(ABORT))) {
                    throw new DistributedException("rank " + rank + ": " + get(store, ABORT));
                }
                long arrived = store.add(ARRIVED, 0);
                if (arrived == config.worldSize()) {
                    return;
                }
                if (arrived > config.worldSize()) {
                    abort(store, arrived + " processes joined a world of " + config.worldSize());
                }
                if (System.nanoTime() > deadline) {
                    throw new DistributedException("rank " + rank + ": " + missing(store, config) + " did not join within "
                            + seconds(config) + " (world size " + config.worldSize() + ")");
                }
                sleep(POLL_MS);
            }
        } catch (DistributedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DistributedException("rank " + rank + ": the rendezvous at " + config.masterAddress() + ":"
                    + config.masterPort() + " failed: " + Messages.firstLine(e.getMessage()));
        }
    }

    /** Records {@code message} for every rank to report, and throws it here. */
    private static void abort(TCPStore store, String message) {
        set(store, ABORT, message);
        throw new DistributedException(message);
    }

    /** The ranks that have not claimed their place, as {@link RankList} names them. */
    private static String missing(TCPStore store, DistributedConfig config) {
        List<Integer> missing = new ArrayList<>();
        for (int r = 0; r < config.worldSize(); r++) {
            if (!store.check(new StringVector(PREFIX + "claim/" + r))) {
                missing.add(r);
            }
        }
        return missing.isEmpty() ? "some rank" : RankList.of(missing);
    }

    private static void waitFor(TCPStore store, String key, DistributedConfig config, long deadline) {
        while (!store.check(new StringVector(key))) {
            if (System.nanoTime() > deadline) {
                throw new DistributedException("rank " + config.rank() + ": rank 0 did not publish its world size within "
                        + seconds(config));
            }
            sleep(POLL_MS);
        }
    }

    static void set(TCPStore store, String key, String value) {
        try (PointerScope scope = new PointerScope()) {
            store.set(key, new ByteVector(value.getBytes(StandardCharsets.UTF_8)));
        }
    }

    static String get(TCPStore store, String key) {
        try (PointerScope scope = new PointerScope()) {
            ByteVector v = store.get(key);
            if (v.size() > 4096) {
                throw new DistributedException("the store's key " + key + " holds " + v.size() + " bytes, not a short text");
            }
            return new String(v.get(), StandardCharsets.UTF_8);
        }
    }

    private static String seconds(DistributedConfig config) {
        return String.format(java.util.Locale.ROOT, "%.1f s", config.joinTimeout().toMillis() / 1000.0);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistributedException("interrupted while waiting for the other ranks");
        }
    }
}
