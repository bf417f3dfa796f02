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
import java.util.stream.Collectors;

/**
 * The ordered operators of one plex with their capacities and how long a mail given to each may
 * stay unopened ({@code reclaimAfter}; absent: never taken back). Order matters: it breaks ties.
 * Validated on construction, immutable afterwards; a roster change makes a new one.
 */
public final class Roster {
    private final List<String> operators;
    private final Map<String, Integer> capacities;
    private final Map<String, Duration> reclaimAfter;

    private Roster(List<String> operators, Map<String, Integer> capacities, Map<String, Duration> reclaimAfter) {
        this.operators = Collections.unmodifiableList(new ArrayList<>(operators));
        this.capacities = Collections.unmodifiableMap(new LinkedHashMap<>(capacities));
        this.reclaimAfter = Collections.unmodifiableMap(new LinkedHashMap<>(reclaimAfter));
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

    /** One entry per operator, in roster order. */
    public static Roster of(List<RosterEntry> entries) {
        List<String> operators = new ArrayList<>();
        Map<String, Integer> capacities = new LinkedHashMap<>();
        Map<String, Duration> reclaimAfter = new LinkedHashMap<>();
        for (RosterEntry entry : entries) {
            operators.add(entry.operator());
            capacities.put(entry.operator(), entry.capacity());
            entry.reclaimAfter().ifPresent(after -> reclaimAfter.put(entry.operator(), after));
        }
        return of(operators, capacities, reclaimAfter);
    }

    /** @param reclaimAfter per operator; an operator absent from it is never reclaimed from */
    public static Roster of(List<String> operators, Map<String, Integer> capacities, Map<String, Duration> reclaimAfter) {
        Objects.requireNonNull(operators, "operators");
        if (operators.isEmpty()) {
            throw new IllegalArgumentException("the roster is empty");
        }
        List<String> seen = new ArrayList<>();
        for (String operator : operators) {
            if (operator == null || operator.isBlank()) {
                throw new IllegalArgumentException("the roster has a blank operator");
            }
            if (seen.contains(operator)) {
                throw new IllegalArgumentException("operator " + operator + " is on the roster twice");
            }
            seen.add(operator);
            Integer capacity = capacities.get(operator);
            if (capacity == null || capacity < 1) {
                throw new IllegalArgumentException("operator " + operator + " needs a capacity of at least 1, got " + capacity);
            }
        }
        return new Roster(operators, capacities, reclaimAfter.entrySet().stream()
            .filter(entry -> capacities.containsKey(entry.getKey()))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    public List<String> operators() {
        return operators;
    }

    public int capacity(String operator) {
        Integer capacity = capacities.get(operator);
        if (capacity == null) {
            throw new IllegalArgumentException(operator + " is not on the roster");
        }
        return capacity;
    }

    public boolean contains(String operator) {
        return capacities.containsKey(operator);
    }

    /** How long a mail given to {@code operator} may stay unopened; empty: never taken back. */
    public Optional<Duration> reclaimAfter(String operator) {
        return Optional.ofNullable(reclaimAfter.get(operator));
    }

    /** Whether mail is taken back from some operator at all. */
    public boolean reclaims() {
        return !reclaimAfter.isEmpty();
    }

    /** The roster entry by entry, in order. */
    public List<RosterEntry> entries() {
        return operators.stream()
            .map(operator -> new RosterEntry(operator, capacities.get(operator), reclaimAfter(operator)))
            .collect(Collectors.toUnmodifiableList());
    }

    public Optional<RosterEntry> entry(String operator) {
        return contains(operator) ? Optional.of(new RosterEntry(operator, capacities.get(operator), reclaimAfter(operator)))
            : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof Roster) {
            Roster that = (Roster) o;
            return operators.equals(that.operators) && capacities.equals(that.capacities) && reclaimAfter.equals(that.reclaimAfter);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(operators, capacities, reclaimAfter);
    }

    @Override
    public String toString() {
        return operators.toString();
    }
}
