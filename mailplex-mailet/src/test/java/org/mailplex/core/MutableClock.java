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
import java.time.ZoneOffset;

/**
 * A clock the test moves by hand: forwards with {@link #advance(Duration)}, anywhere (also backwards) with {@link #set(Instant)}.
 * Safe to read from another thread (a plex's release loop) while the test moves it.
 */
public final class MutableClock extends Clock {
    private volatile Instant now;
    /** A monotonic tick source that moves with {@link #advance} and {@link #set}, but not with {@link #step}. */
    private volatile long ticks;

    public MutableClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock by {@code duration}; a negative duration steps it back. */
    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
        ticks += duration.toNanos();
    }

    public synchronized void set(Instant instant) {
        ticks += Duration.between(now, instant).toNanos();
        now = instant;
    }

    /** A wall-clock step (NTP, a VM resumed): the wall clock moves, the monotonic ticks do not. */
    public synchronized void step(Duration duration) {
        now = now.plus(duration);
    }

    /** Nanoseconds of a monotonic source, as {@code System.nanoTime()}: moved by {@link #advance} and {@link #set} only. */
    public long ticks() {
        return ticks;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
