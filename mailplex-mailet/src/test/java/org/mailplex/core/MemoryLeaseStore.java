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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link LeaseStore} in memory, with the semantics of the Cassandra one (a holder expires after
 * its ttl, the epoch stays, the last {@value #KEPT} fenced releases are kept), on its own clock:
 * for tests. Thread-safe.
 */
public final class MemoryLeaseStore implements LeaseStore {
    public static final int KEPT = 16;

    private static final class Entry {
        private String holder;
        private Instant expiresAt = Instant.MIN;
        private long epoch;
        private final Map<String, String> inFlight = new LinkedHashMap<>();
    }

    private final Clock clock;
    private final Map<String, Entry> leases = new HashMap<>();
    private final Map<String, String> lastParked = new HashMap<>();

    public MemoryLeaseStore(Clock clock) {
        this.clock = clock;
    }

    private Entry entry(String plex) {
        Entry entry = leases.computeIfAbsent(plex, any -> new Entry());
        if (entry.holder != null && !clock.instant().isBefore(entry.expiresAt)) {
            entry.holder = null;
        }
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
    public synchronized boolean fence(String plex, String node, long epoch, String key, String operator) {
        Entry entry = entry(plex);
        if (!holds(entry, node, epoch)) {
            return false;
        }
        entry.inFlight.remove(key);
        entry.inFlight.put(key, operator);
        if (entry.inFlight.size() > KEPT) {
            entry.inFlight.remove(entry.inFlight.keySet().iterator().next());
        }
        return true;
    }

    @Override
    public synchronized Map<String, String> inFlight(String plex) {
        return Map.copyOf(entry(plex).inFlight);
    }

    @Override
    public synchronized void parked(String plex, String key) {
        lastParked.put(plex, key);
    }

    @Override
    public synchronized Optional<String> lastParked(String plex) {
        return Optional.ofNullable(lastParked.get(plex));
    }
}
