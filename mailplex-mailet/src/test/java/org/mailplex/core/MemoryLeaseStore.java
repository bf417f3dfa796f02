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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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
    private final Map<String, String> lastChanged = new HashMap<>();
    /** Per plex, by id: the request, and its state (asked, taken, or the answer). */
    private final Map<String, Map<String, HolderRequest>> requests = new HashMap<>();
    private final Map<String, String> requestStates = new HashMap<>();

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

    @Override
    public synchronized void changed(String plex, String mark) {
        lastChanged.put(plex, mark);
    }

    @Override
    public synchronized Optional<String> lastChanged(String plex) {
        return Optional.ofNullable(lastChanged.get(plex));
    }

    @Override
    public synchronized void ask(String plex, HolderRequest request) {
        requests.computeIfAbsent(plex, any -> new LinkedHashMap<>()).put(request.id(), request);
        requestStates.put(request.id(), ASKED);
    }

    @Override
    public synchronized List<HolderRequest> asked(String plex) {
        return requests.getOrDefault(plex, Map.of()).values().stream()
            .filter(request -> ASKED.equals(requestStates.get(request.id())))
            .collect(Collectors.toList());
    }

    @Override
    public synchronized boolean take(String plex, String id) {
        if (!ASKED.equals(requestStates.get(id))) {
            return false;
        }
        requestStates.put(id, TAKEN);
        return true;
    }

    @Override
    public synchronized void answer(String plex, String id, String answer) {
        requestStates.put(id, ANSWER + answer);
    }

    @Override
    public synchronized Optional<String> answerTo(String plex, String id) {
        return Optional.ofNullable(requestStates.get(id)).filter(state -> state.startsWith(ANSWER))
            .map(state -> state.substring(ANSWER.length()));
    }

    @Override
    public synchronized boolean cancel(String plex, String id) {
        if (!ASKED.equals(requestStates.get(id))) {
            return false;
        }
        requestStates.remove(id);
        requests.getOrDefault(plex, new HashMap<>()).remove(id);
        return true;
    }

    private static final String ASKED = "asked";
    private static final String TAKEN = "taken";
    private static final String ANSWER = "answer:";
}
