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

package org.mailplex.release;

import java.util.OptionalLong;

/**
 * One pending reclaim scan per plex, whatever the number of releases: each release asks for a scan
 * {@code reclaimAfter} later; while one is pending, a later request only moves the follow-up scan
 * that runs after it, so a burst of releases costs one scan (two at most), not one per release, and
 * at most one task is kept in memory. Times are {@link System#nanoTime()} values: a wall-clock step
 * changes nothing. Thread safe.
 */
final class ReclaimScans {
    private boolean pending;
    private long wanted;
    private boolean followUp;

    /** A scan is wanted at {@code dueNanos}; true when none is pending and the caller must schedule one then. */
    synchronized boolean request(long dueNanos) {
        if (!pending) {
            pending = true;
            return true;
        }
        if (!followUp || dueNanos - wanted > 0) {
            wanted = dueNanos;
            followUp = true;
        }
        return false;
    }

    /** The pending scan ran at {@code nowNanos}: the delay of the follow-up scan to schedule, if one is still wanted. */
    synchronized OptionalLong ran(long nowNanos) {
        if (followUp && wanted - nowNanos > 0) {
            followUp = false;
            return OptionalLong.of(wanted - nowNanos);
        }
        pending = false;
        followUp = false;
        return OptionalLong.empty();
    }
}
