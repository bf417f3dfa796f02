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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one plex must remember across a James restart: paused operators, and per operator the
 * mails dispatched so far and the most recent waiting times (for the percentiles of the stats
 * route). Immutable; every {@code with...} returns a copy.
 */
public final class PlexState {
    /** Waiting times kept per operator: enough for p95, small enough to write on every dispatch. */
    public static final int MAX_RECENT_WAITS = 1000;

    private static final PlexState EMPTY = new PlexState(Set.of(), Map.of(), Map.of(), Map.of());

    private final Set<String> paused;
    private final Map<String, Long> dispatched;
    private final Map<String, List<Long>> recentWaitsMillis;
    private final Map<String, Long> reclaimed;

    public PlexState(Set<String> paused, Map<String, Long> dispatched, Map<String, List<Long>> recentWaitsMillis) {
        this(paused, dispatched, recentWaitsMillis, Map.of());
    }

    public PlexState(Set<String> paused, Map<String, Long> dispatched, Map<String, List<Long>> recentWaitsMillis,
                     Map<String, Long> reclaimed) {
        this.paused = Collections.unmodifiableSet(new TreeSet<>(paused));
        this.dispatched = Collections.unmodifiableMap(new TreeMap<>(dispatched));
        TreeMap<String, List<Long>> waits = new TreeMap<>();
        recentWaitsMillis.forEach((operator, list) -> waits.put(operator, Collections.unmodifiableList(new ArrayList<>(list))));
        this.recentWaitsMillis = Collections.unmodifiableMap(waits);
        this.reclaimed = Collections.unmodifiableMap(new TreeMap<>(reclaimed));
    }

    public static PlexState empty() {
        return EMPTY;
    }

    public Set<String> paused() {
        return paused;
    }

    public boolean isPaused(String operator) {
        return paused.contains(operator);
    }

    /** Mails dispatched per operator, since the state was first written. */
    public Map<String, Long> dispatched() {
        return dispatched;
    }

    public long dispatched(String operator) {
        return dispatched.getOrDefault(operator, 0L);
    }

    /** Mails taken back per operator (never opened within {@code reclaimAfter}), since the state was first written. */
    public Map<String, Long> reclaimed() {
        return reclaimed;
    }

    public long reclaimed(String operator) {
        return reclaimed.getOrDefault(operator, 0L);
    }

    /** One more mail taken back from {@code operator}. */
    public PlexState withReclaim(String operator) {
        Map<String, Long> next = new TreeMap<>(reclaimed);
        next.merge(operator, 1L, Long::sum);
        return new PlexState(paused, dispatched, recentWaitsMillis, next);
    }

    /** The last {@value #MAX_RECENT_WAITS} waiting times per operator, oldest first, in milliseconds. */
    public Map<String, List<Long>> recentWaitsMillis() {
        return recentWaitsMillis;
    }

    public List<Long> recentWaitsMillis(String operator) {
        return recentWaitsMillis.getOrDefault(operator, List.of());
    }

    public PlexState withPaused(String operator, boolean isPaused) {
        Set<String> newPaused = new TreeSet<>(paused);
        if (isPaused) {
            newPaused.add(operator);
        } else {
            newPaused.remove(operator);
        }
        return new PlexState(newPaused, dispatched, recentWaitsMillis, reclaimed);
    }

    /** One more mail given to {@code operator} after waiting {@code waitedMillis}. */
    public PlexState withDispatch(String operator, long waitedMillis) {
        Map<String, Long> newDispatched = new TreeMap<>(dispatched);
        newDispatched.merge(operator, 1L, Long::sum);
        Map<String, List<Long>> newWaits = new TreeMap<>(recentWaitsMillis);
        List<Long> waits = new ArrayList<>(recentWaitsMillis(operator));
        waits.add(Math.max(0L, waitedMillis));
        if (waits.size() > MAX_RECENT_WAITS) {
            waits = waits.subList(waits.size() - MAX_RECENT_WAITS, waits.size());
        }
        newWaits.put(operator, waits);
        return new PlexState(paused, newDispatched, newWaits, reclaimed);
    }

    public boolean isEmpty() {
        return paused.isEmpty() && dispatched.isEmpty() && recentWaitsMillis.isEmpty() && reclaimed.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof PlexState) {
            PlexState that = (PlexState) o;
            return paused.equals(that.paused) && dispatched.equals(that.dispatched)
                && recentWaitsMillis.equals(that.recentWaitsMillis) && reclaimed.equals(that.reclaimed);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(paused, dispatched, recentWaitsMillis, reclaimed);
    }

    @Override
    public String toString() {
        return "PlexState{paused=" + paused + ", dispatched=" + dispatched + ", reclaimed=" + reclaimed + "}";
    }
}
