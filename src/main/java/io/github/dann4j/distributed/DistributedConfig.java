package io.github.dann4j.distributed;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where one process sits in a data-parallel run and how it finds the others, in torchrun's terms:
 * its {@code rank} in {@code 0..worldSize-1}, its {@code localRank} on its machine, and the
 * address and port of rank 0, which hosts the c10d {@code TCPStore} every rank meets at.
 *
 * <p>Everything is checked here, in Java, before any native code sees it: a world size below 1,
 * a rank outside the world, a port outside 1..65535 or an empty address is one line of
 * {@link IllegalArgumentException}, never a native error.
 *
 * <p>Two timeouts bound every wait: {@code joinTimeout} for the rendezvous (all ranks must arrive
 * within it) and {@code timeout} for each collective (a rank that stops answering makes the others
 * fail after at most this long; a rank that dies is usually noticed at once, when its sockets close).
 */
public final class DistributedConfig {
    /** The torchrun environment variables {@link #fromEnvironment} reads. */
    public static final String MASTER_ADDR = "MASTER_ADDR";
    public static final String MASTER_PORT = "MASTER_PORT";
    public static final String RANK = "RANK";
    public static final String WORLD_SIZE = "WORLD_SIZE";
    public static final String LOCAL_RANK = "LOCAL_RANK";
    /** dann4j's own variables for the two timeouts, in seconds (decimals allowed). */
    public static final String TIMEOUT = "DANN4J_DIST_TIMEOUT";
    public static final String JOIN_TIMEOUT = "DANN4J_DIST_JOIN_TIMEOUT";

    /** More ranks than this is refused as a typo: Gloo's full mesh opens worldSize - 1 sockets a rank. */
    public static final int MAX_WORLD_SIZE = 4096;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofSeconds(120);

    private final int rank;
    private final int worldSize;
    private final int localRank;
    private final String masterAddress;
    private final int masterPort;
    private final Duration timeout;
    private final Duration joinTimeout;

    private DistributedConfig(int rank, int worldSize, int localRank, String masterAddress, int masterPort,
            Duration timeout, Duration joinTimeout) {
        if (worldSize < 1 || worldSize > MAX_WORLD_SIZE) {
            throw new IllegalArgumentException("the world size must be in 1.." + MAX_WORLD_SIZE + ", got " + worldSize);
        }
        if (rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("the rank must be in 0.." + (worldSize - 1) + " for a world of "
                    + worldSize + ", got " + rank);
        }
        if (localRank < 0 || localRank > rank) {
            throw new IllegalArgumentException("the local rank must be in 0.." + rank + " (at most the rank), got "
                    + localRank);
        }
        Objects.requireNonNull(masterAddress, "master address");
        if (masterAddress.isBlank() || masterAddress.length() > 253 || !masterAddress.matches("[A-Za-z0-9.:_\\-\\[\\]]+")) {
            throw new IllegalArgumentException("the master address must be a host name or IP address, got '"
                    + masterAddress + "'");
        }
        if (masterPort < 1 || masterPort > 65535) {
            throw new IllegalArgumentException("the master port must be in 1..65535, got " + masterPort);
        }
        this.rank = rank;
        this.worldSize = worldSize;
        this.localRank = localRank;
        this.masterAddress = masterAddress;
        this.masterPort = masterPort;
        this.timeout = positive(timeout, "the collective timeout");
        this.joinTimeout = positive(joinTimeout, "the join timeout");
    }

    /** Rank {@code rank} of {@code worldSize}, meeting at {@code masterAddress:masterPort}, default timeouts. */
    public static DistributedConfig of(int rank, int worldSize, String masterAddress, int masterPort) {
        return new DistributedConfig(rank, worldSize, rank, masterAddress, masterPort, DEFAULT_TIMEOUT,
                DEFAULT_JOIN_TIMEOUT);
    }

    /**
     * From torchrun's variables: {@code RANK} and {@code WORLD_SIZE} (required), {@code MASTER_ADDR}
     * (default 127.0.0.1), {@code MASTER_PORT} (default 29500), {@code LOCAL_RANK} (default the rank),
     * and {@value #TIMEOUT} / {@value #JOIN_TIMEOUT} in seconds.
     *
     * @throws IllegalArgumentException naming the variable that is missing or malformed
     */
    public static DistributedConfig fromEnvironment(Map<String, String> env) {
        int worldSize = integer(env, WORLD_SIZE, null);
        int rank = integer(env, RANK, null);
        int localRank = integer(env, LOCAL_RANK, rank);
        String address = env.getOrDefault(MASTER_ADDR, "127.0.0.1").trim();
        int port = integer(env, MASTER_PORT, 29500);
        return new DistributedConfig(rank, worldSize, localRank, address, port, seconds(env, TIMEOUT, DEFAULT_TIMEOUT),
                seconds(env, JOIN_TIMEOUT, DEFAULT_JOIN_TIMEOUT));
    }

    /** Whether {@code env} asks for a distributed run: {@code WORLD_SIZE} is set. */
    public static boolean requested(Map<String, String> env) {
        return env.get(WORLD_SIZE) != null;
    }

    public DistributedConfig withTimeouts(Duration timeout, Duration joinTimeout) {
        return new DistributedConfig(rank, worldSize, localRank, masterAddress, masterPort, timeout, joinTimeout);
    }

    public int rank() {
        return rank;
    }

    public int worldSize() {
        return worldSize;
    }

    public int localRank() {
        return localRank;
    }

    public String masterAddress() {
        return masterAddress;
    }

    public int masterPort() {
        return masterPort;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration joinTimeout() {
        return joinTimeout;
    }

    @Override
    public String toString() {
        return "rank " + rank + " of " + worldSize + " (local " + localRank + ") at " + masterAddress + ":" + masterPort;
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(what + " must be positive and at most a day, got " + d);
        }
        return d;
    }

    private static int integer(Map<String, String> env, String name, Integer fallback) {
        String value = env.get(name);
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("the environment variable " + name + " is not set");
            }
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
        }
    }

    private static Duration seconds(Map<String, String> env, String name, Duration fallback) {
        String value = env.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double s = Double.parseDouble(value.trim());
            if (!(s > 0) || s > 86400) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.max(1, Math.round(s * 1000)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive number of seconds (at most a day), got '"
                    + value + "'");
        }
    }
}
