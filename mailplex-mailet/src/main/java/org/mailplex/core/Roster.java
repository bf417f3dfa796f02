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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The ordered operators of one plex, each one {@link RosterEntry} (her address, her capacity, how
 * long a mail given to her may stay unopened). Order matters: it breaks ties. Validated on
 * construction, immutable afterwards; a roster change makes a new one.
 */
public final class Roster {
    /** By address, in roster order. */
    private final Map<String, RosterEntry> entries;
    private final List<String> operators;

    private Roster(Map<String, RosterEntry> entries) {
        this.entries = entries;
        this.operators = List.copyOf(entries.keySet());
    }

    /** Every operator with the same capacity. */
    public static Roster of(List<String> operators, int capacity) {
        Map<String, Integer> capacities = new LinkedHashMap<>();
        operators.forEach(operator -> capacities.put(operator, capacity));
        return of(operators, capacities);
    }

    public static Roster of(List<String> operators, Map<String, Integer> capacities) {
        return of(operators, capacities, Map.of());
    }

    /** @param reclaimAfter per operator; an operator absent from it is never reclaimed from */
    public static Roster of(List<String> operators, Map<String, Integer> capacities, Map<String, Duration> reclaimAfter) {
        Objects.requireNonNull(operators, "operators");
        List<RosterEntry> entries = new ArrayList<>();
        for (String operator : operators) {
            if (operator == null || operator.isBlank()) {
                throw new IllegalArgumentException("the roster has a blank operator");
            }
            Integer capacity = capacities.get(operator);
            if (capacity == null) {
                throw new IllegalArgumentException("operator " + operator + " needs a capacity of at least 1, got null");
            }
            entries.add(new RosterEntry(operator, capacity, Optional.ofNullable(reclaimAfter.get(operator))));
        }
        return of(entries);
    }

    /** One entry per operator, in roster order. */
    public static Roster of(List<RosterEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("the roster is empty");
        }
        Map<String, RosterEntry> byAddress = new LinkedHashMap<>();
        for (RosterEntry entry : entries) {
            if (byAddress.putIfAbsent(entry.operator(), entry) != null) {
                throw new IllegalArgumentException("operator " + entry.operator() + " is on the roster twice");
            }
        }
        return new Roster(Collections.unmodifiableMap(byAddress));
    }

    public List<String> operators() {
        return operators;
    }

    public int capacity(String operator) {
        return entry(operator).orElseThrow(() -> new IllegalArgumentException(operator + " is not on the roster")).capacity();
    }

    public boolean contains(String operator) {
        return entries.containsKey(operator);
    }

    /** How long a mail given to {@code operator} may stay unopened; empty: never taken back. */
    public Optional<Duration> reclaimAfter(String operator) {
        return entry(operator).flatMap(RosterEntry::reclaimAfter);
    }

    /** Whether mail is taken back from some operator at all. */
    public boolean reclaims() {
        return entries.values().stream().anyMatch(entry -> entry.reclaimAfter().isPresent());
    }

    /** The roster entry by entry, in order. */
    public List<RosterEntry> entries() {
        return List.copyOf(entries.values());
    }

    public Optional<RosterEntry> entry(String operator) {
        return Optional.ofNullable(entries.get(operator));
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof Roster) {
            Roster that = (Roster) o;
            return entries().equals(that.entries());
        }
        return false;
    }

    @Override
    public int hashCode() {
        return entries().hashCode();
    }

    @Override
    public String toString() {
        return entries.keySet().toString();
    }
}
