package org.mailplex.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class WaitPercentilesTest {
    @Test
    void emptySampleShouldBeZero() {
        WaitPercentiles percentiles = WaitPercentiles.of(List.of());

        assertThat(percentiles.samples()).isZero();
        assertThat(percentiles.p50Millis()).isZero();
        assertThat(percentiles.p95Millis()).isZero();
        assertThat(percentiles.maxMillis()).isZero();
    }

    @Test
    void oneHundredSamplesShouldGiveNearestRank() {
        List<Long> waits = LongStream.rangeClosed(1, 100).map(i -> 101 - i).boxed().collect(Collectors.toList());

        WaitPercentiles percentiles = WaitPercentiles.of(waits);

        assertThat(percentiles.samples()).isEqualTo(100);
        assertThat(percentiles.p50Millis()).isEqualTo(50);
        assertThat(percentiles.p95Millis()).isEqualTo(95);
        assertThat(percentiles.maxMillis()).isEqualTo(100);
    }

    @Test
    void oneSampleShouldBeEveryPercentile() {
        assertThat(WaitPercentiles.of(List.of(7L))).isEqualTo(WaitPercentiles.of(List.of(7L)));
        assertThat(WaitPercentiles.of(List.of(7L)).p95Millis()).isEqualTo(7);
        assertThat(WaitPercentiles.of(List.of(7L)).p50Millis()).isEqualTo(7);
    }
}
