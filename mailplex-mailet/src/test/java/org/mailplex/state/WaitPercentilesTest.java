/****************************************************************
 * Licensed to the Apache Software Foundation (ASF) under one   *
 * or more contributor license agreements.  See the NOTICE file *
 * distributed with this work for additional information        *
 * regarding copyright ownership.  The ASF licenses this file   *
 * to you under the Apache License, Version 2.0 (the            *
 * "License"); you may not use this file except in compliance   *
 * with the License.  You may obtain a copy of the License at   *
 *                                                              *
 *   http://www.apache.org/licenses/LICENSE-2.0                 *
 *                                                              *
 * Unless required by applicable law or agreed to in writing,   *
 * software distributed under the License is distributed on an  *
 * "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY       *
 * KIND, either express or implied.  See the License for the    *
 * specific language governing permissions and limitations      *
 * under the License.                                           *
 ****************************************************************/

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
