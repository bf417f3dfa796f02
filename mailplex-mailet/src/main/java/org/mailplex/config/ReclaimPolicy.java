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

package org.mailplex.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import com.google.common.collect.ImmutableMap;

/**
 * When a plex takes back a mail an operator never opened ({@code reclaimAfter}, per plex, with a
 * per-operator override in the roster), and how often one mail may be taken back
 * ({@code maxReclaims}). Off unless configured.
 */
public final class ReclaimPolicy {
    public static final int DEFAULT_MAX_RECLAIMS = 3;
    public static final Duration MIN_RECLAIM_AFTER = Duration.ofSeconds(1);
    public static final ReclaimPolicy OFF = new ReclaimPolicy(ImmutableMap.of(), DEFAULT_MAX_RECLAIMS);

    /** Operator (the roster's spelling) to their reclaimAfter; an operator reclaimed from never is absent. */
    private final ImmutableMap<String, Duration> after;
    private final int maxReclaims;

    ReclaimPolicy(ImmutableMap<String, Duration> after, int maxReclaims) {
        this.after = after;
        this.maxReclaims = maxReclaims;
    }

    /** How long a mail delivered to {@code operator} may stay unopened before it is taken back; empty: never. */
    public Optional<Duration> after(String operator) {
        return Optional.ofNullable(after.get(operator));
    }

    /** Whether some operator of the plex has mail taken back at all. */
    public boolean enabled() {
        return !after.isEmpty();
    }

    /** A mail taken back this many times is not taken back again, so nothing circles forever. */
    public int maxReclaims() {
        return maxReclaims;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof ReclaimPolicy) {
            ReclaimPolicy that = (ReclaimPolicy) o;
            return maxReclaims == that.maxReclaims && after.equals(that.after);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(after, maxReclaims);
    }

    @Override
    public String toString() {
        return enabled() ? "reclaimAfter=" + after + " maxReclaims=" + maxReclaims : "reclaim=off";
    }
}
