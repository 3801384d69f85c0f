package io.github.dann4j.distributed;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.TCPStore;

/**
 * Names the rank at fault when a collective fails: Gloo says only that a socket closed or timed
 * out. Each rank's daemon thread adds 1 to {@code dann4j/heartbeat/RANK} in the store every
 * {@value #INTERVAL_MS} ms over its own connection (a clone of the store: one connection per
 * thread). After a failure, the ranks whose counters stand still for a few intervals are the dead
 * ones; if the store itself is gone, it was rank 0, which hosts it.
 */
final class Heartbeats implements AutoCloseable {
    static final long INTERVAL_MS = 200;
    private static final String KEY = Rendezvous.PREFIX + "heartbeat/";

    private final Store connection;
    private final Thread thread;
    private final int rank;
    private volatile boolean stopped;

    Heartbeats(TCPStore store, int rank) {
        this.rank = rank;
        this.connection = store.clone();
        this.thread = new Thread(this::beat, "dann4j-heartbeat-rank-" + rank);
        thread.setDaemon(true);
        beatOnce();
        thread.start();
    }

    private void beat() {
        while (!stopped) {
            try {
                beatOnce();
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                return; // the store is gone: rank 0 died; the next collective reports it
            }
        }
    }

    private void beatOnce() {
        connection.add(KEY + rank, 1);
    }

    /**
     * The ranks that stopped beating, read through {@code store} over about five intervals;
     * "rank 0 (the store's host)" if the store does not answer. Never throws.
     */
    static String culprits(TCPStore store, int self, int worldSize) {
        try {
            long[] before = counts(store, worldSize);
            Thread.sleep(5 * INTERVAL_MS);
            long[] after = counts(store, worldSize);
            List<Integer> dead = new ArrayList<>();
            for (int r = 0; r < worldSize; r++) {
                if (r != self && after[r] == before[r]) {
                    dead.add(r);
                }
            }
            if (dead.isEmpty()) {
                return "";
            }
            return RankList.of(dead) + " stopped (no heartbeat for "
                    + 5 * INTERVAL_MS + " ms)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (RuntimeException e) {
            return "rank 0 (which hosts the store) is gone";
        }
    }

    private static long[] counts(TCPStore store, int worldSize) {
        long[] c = new long[worldSize];
        for (int r = 0; r < worldSize; r++) {
            c[r] = store.add(KEY + r, 0);
        }
        return c;
    }

    /** Stops the thread (waiting for it) and closes its connection. Idempotent. */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            connection.close();
        }
    }
}
