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

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** p50, p95 and max of a sample of waiting times, nearest-rank; all zero for an empty sample. */
public final class WaitPercentiles {
    private final int samples;
    private final long p50Millis;
    private final long p95Millis;
    private final long maxMillis;

    private WaitPercentiles(int samples, long p50Millis, long p95Millis, long maxMillis) {
        this.samples = samples;
        this.p50Millis = p50Millis;
        this.p95Millis = p95Millis;
        this.maxMillis = maxMillis;
    }

    public static WaitPercentiles of(Collection<Long> waitsMillis) {
        if (waitsMillis.isEmpty()) {
            return new WaitPercentiles(0, 0, 0, 0);
        }
        List<Long> sorted = new ArrayList<>(waitsMillis);
        Collections.sort(sorted);
        return new WaitPercentiles(sorted.size(), rank(sorted, 0.50), rank(sorted, 0.95), sorted.get(sorted.size() - 1));
    }

    private static long rank(List<Long> sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    public int samples() {
        return samples;
    }

    public long p50Millis() {
        return p50Millis;
    }

    public long p95Millis() {
        return p95Millis;
    }

    public long maxMillis() {
        return maxMillis;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof WaitPercentiles) {
            WaitPercentiles that = (WaitPercentiles) o;
            return samples == that.samples && p50Millis == that.p50Millis && p95Millis == that.p95Millis && maxMillis == that.maxMillis;
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(samples, p50Millis, p95Millis, maxMillis);
    }

    @Override
    public String toString() {
        return "WaitPercentiles{samples=" + samples + ", p50=" + p50Millis + ", p95=" + p95Millis + ", max=" + maxMillis + "}";
    }
}
