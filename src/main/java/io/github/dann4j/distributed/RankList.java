package io.github.dann4j.distributed;

import java.util.List;

/** Ranks named in a message: "rank 1", "ranks 1, 3", or the first eight and "... (N in all)". */
final class RankList {
    private static final int SHOWN = 8;

    private RankList() {}

    /** @param ranks at least one rank */
    static String of(List<Integer> ranks) {
        StringBuilder b = new StringBuilder(ranks.size() == 1 ? "rank " : "ranks ");
        for (int i = 0; i < ranks.size() && i < SHOWN; i++) {
            b.append(i == 0 ? "" : ", ").append(ranks.get(i));
        }
        return b + (ranks.size() > SHOWN ? ", ... (" + ranks.size() + " in all)" : "");
    }
}
