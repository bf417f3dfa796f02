package org.mailplex.bench;

import java.util.Arrays;

/** Percentiles (nearest rank) over nanosecond samples, printed in milliseconds. */
final class Stats {
    private final long[] sorted;

    Stats(long[] nanos) {
        sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    double percentileMs(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    double maxMs() {
        return sorted[sorted.length - 1] / 1e6;
    }

    double minMs() {
        return sorted[0] / 1e6;
    }

    double meanMs() {
        return Arrays.stream(sorted).average().orElse(0) / 1e6;
    }

    int count() {
        return sorted.length;
    }
}
