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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The clock durations inside a run are measured on: the wall clock's instant when it was made,
 * moved on by a monotonic tick source ({@code System::nanoTime}, or a test's). A wall-clock step
 * (an NTP step, a VM resumed) does not move it: what waits {@code reclaimAfter}, a back-off or
 * twelve reconcile intervals waits that long, not that long less the step. Instants stamped on
 * mail, journals and the API stay the wall clock's.
 */
public final class SteadyClock extends Clock {
    private final Clock wall;
    private final LongSupplier nanos;
    private final Instant start;
    private final long startNanos;

    public SteadyClock(Clock wall, LongSupplier nanos) {
        this.wall = Objects.requireNonNull(wall, "wall");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.start = wall.instant();
        this.startNanos = nanos.getAsLong();
    }

    @Override
    public ZoneId getZone() {
        return wall.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return start.plus(Duration.ofNanos(nanos.getAsLong() - startNanos));
    }
}
