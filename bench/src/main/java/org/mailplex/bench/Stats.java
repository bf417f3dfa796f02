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
