package io.github.dann4j.distributed;

import java.time.Duration;

/**
 * What {@link Launcher} starts, in torchrun's terms: {@code nprocPerNode} workers on this machine,
 * node {@code nodeRank} of {@code nnodes}, all meeting at {@code masterAddress:masterPort}
 * (node 0's machine). Workers get ranks {@code nodeRank·nprocPerNode + localRank}; {@code grace}
 * is how long the others may take to stop by themselves once one has failed, before they are killed.
 */
public record LaunchOptions(int nprocPerNode, int nnodes, int nodeRank, String masterAddress, int masterPort,
        Duration grace) {

    /** @throws IllegalArgumentException naming the option that is out of range (one line) */
    public LaunchOptions {
        if (nprocPerNode < 1 || nprocPerNode > 1024) {
            throw new IllegalArgumentException("--nproc-per-node must be in 1..1024, got " + nprocPerNode);
        }
        if (nnodes < 1 || (long) nnodes * nprocPerNode > DistributedConfig.MAX_WORLD_SIZE) {
            throw new IllegalArgumentException("--nnodes must be at least 1 and nnodes x nproc-per-node at most "
                    + DistributedConfig.MAX_WORLD_SIZE + ", got " + nnodes);
        }
        if (nodeRank < 0 || nodeRank >= nnodes) {
            throw new IllegalArgumentException("--node-rank must be in 0.." + (nnodes - 1) + ", got " + nodeRank);
        }
        // the address and port are checked as DistributedConfig checks them, before any worker starts
        DistributedConfig.of(0, 1, masterAddress, masterPort);
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("the grace period must be zero or positive, got " + grace);
        }
    }

    public int worldSize() {
        return nnodes * nprocPerNode;
    }

    /** The global rank of local worker {@code localRank}. */
    public int rank(int localRank) {
        return nodeRank * nprocPerNode + localRank;
    }
}
