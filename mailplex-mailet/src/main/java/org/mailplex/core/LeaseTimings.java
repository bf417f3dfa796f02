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

package org.mailplex.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a lease lasts and how often its holder renews it. A holder dead at instant T is
 * replaced by T + {@code ttl} + {@code renewEvery} at the latest (defaults: 6 s + 2 s = 8 s). The
 * holder itself stops releasing {@code margin} before its lease could expire in the store, so that
 * a node whose renewals fail (a partition, a long GC pause) stops before another can take over.
 */
public final class LeaseTimings {
    public static final LeaseTimings DEFAULT = new LeaseTimings(Duration.ofSeconds(6), Duration.ofSeconds(2), Duration.ofSeconds(1));

    private final Duration ttl;
    private final Duration renewEvery;
    private final Duration margin;

    public LeaseTimings(Duration ttl, Duration renewEvery, Duration margin) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.renewEvery = Objects.requireNonNull(renewEvery, "renewEvery");
        this.margin = Objects.requireNonNull(margin, "margin");
        if (ttl.toSeconds() < 1 || ttl.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("lease ttl must be whole seconds, at least 1 s: " + ttl);
        }
        if (renewEvery.isNegative() || renewEvery.isZero() || margin.isNegative() || renewEvery.plus(margin).compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("lease renewEvery + margin must be positive and shorter than the ttl " + ttl
                + ": renewEvery " + renewEvery + ", margin " + margin);
        }
    }

    public Duration ttl() {
        return ttl;
    }

    public Duration renewEvery() {
        return renewEvery;
    }

    public Duration margin() {
        return margin;
    }

    /** The longest a dead holder keeps a plex without a releasing node. */
    public Duration takeoverBound() {
        return ttl.plus(renewEvery);
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof LeaseTimings) {
            LeaseTimings that = (LeaseTimings) o;
            return ttl.equals(that.ttl) && renewEvery.equals(that.renewEvery) && margin.equals(that.margin);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ttl, renewEvery, margin);
    }

    @Override
    public String toString() {
        return "ttl " + ttl + ", renew every " + renewEvery + ", margin " + margin;
    }
}
