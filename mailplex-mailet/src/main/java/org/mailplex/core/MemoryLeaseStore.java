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
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link LeaseStore} in memory, with the semantics of the Cassandra one (a holder expires after
 * its ttl, the epoch stays), on its own clock: for tests, and for several plexes' leases in one
 * JVM. Thread-safe.
 */
public final class MemoryLeaseStore implements LeaseStore {
    private static final class Entry {
        private String holder;
        private Instant expiresAt = Instant.MIN;
        private long epoch;
        private final Map<String, String> inFlight = new HashMap<>();
        private final Map<String, Instant> inFlightUntil = new HashMap<>();
    }

    private final Clock clock;
    private final Map<String, Entry> leases = new HashMap<>();

    public MemoryLeaseStore(Clock clock) {
        this.clock = clock;
    }

    private Entry entry(String plex) {
        Entry entry = leases.computeIfAbsent(plex, any -> new Entry());
        Instant now = clock.instant();
        if (entry.holder != null && !now.isBefore(entry.expiresAt)) {
            entry.holder = null;
        }
        entry.inFlightUntil.entrySet().removeIf(kept -> !now.isBefore(kept.getValue()));
        entry.inFlight.keySet().retainAll(entry.inFlightUntil.keySet());
        return entry;
    }

    private boolean holds(Entry entry, String node, long epoch) {
        return node.equals(entry.holder) && entry.epoch == epoch;
    }

    @Override
    public synchronized LeaseRecord read(String plex) {
        Entry entry = entry(plex);
        return new LeaseRecord(Optional.ofNullable(entry.holder), entry.epoch);
    }

    @Override
    public synchronized boolean acquire(String plex, String node, long seenEpoch, Duration ttl) {
        Entry entry = entry(plex);
        if (entry.holder != null || entry.epoch != seenEpoch) {
            return false;
        }
        entry.holder = node;
        entry.epoch = seenEpoch + 1;
        entry.expiresAt = clock.instant().plus(ttl);
        return true;
    }

    @Override
    public synchronized boolean renew(String plex, String node, long epoch, Duration ttl) {
        Entry entry = entry(plex);
        if (!holds(entry, node, epoch)) {
            return false;
        }
        entry.expiresAt = clock.instant().plus(ttl);
        return true;
    }

    @Override
    public synchronized void giveUp(String plex, String node, long epoch) {
        Entry entry = entry(plex);
        if (holds(entry, node, epoch)) {
            entry.holder = null;
        }
    }

    @Override
    public synchronized boolean fence(String plex, String node, long epoch, String key, String operator, Duration keep) {
        Entry entry = entry(plex);
        if (!holds(entry, node, epoch)) {
            return false;
        }
        entry.inFlight.put(key, operator);
        entry.inFlightUntil.put(key, clock.instant().plus(keep));
        return true;
    }

    @Override
    public synchronized Map<String, String> inFlight(String plex) {
        return Map.copyOf(entry(plex).inFlight);
    }
}
