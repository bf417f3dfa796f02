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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a plex's last 24 hours of releases say: the wait-time distribution, releases per hour, the
 * service level and each operator's share with Jain's fairness index over it. Pure: built from the
 * release history, the roster and an instant.
 */
public final class DayReport {
    public static final Duration PERIOD = Duration.ofDays(1);
    /** Upper bounds of the wait buckets; a last, open bucket holds the longer waits. */
    public static final List<Duration> WAIT_BOUNDS = List.of(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
        Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1));
    public static final int HOURS = 24;

    private final Instant from;
    private final Instant to;
    private final List<Long> waitCounts;
    private final List<Long> releasesPerHour;
    private final Map<String, Long> dispatched;
    private final ServiceLevel serviceLevel;
    private final double fairness;

    private DayReport(Instant from, Instant to, List<Long> waitCounts, List<Long> releasesPerHour, Map<String, Long> dispatched,
                      ServiceLevel serviceLevel, double fairness) {
        this.from = from;
        this.to = to;
        this.waitCounts = waitCounts;
        this.releasesPerHour = releasesPerHour;
        this.dispatched = dispatched;
        this.serviceLevel = serviceLevel;
        this.fairness = fairness;
    }

    /**
     * The releases from {@code now - 24h} (excluded) to {@code now} (included). Operators are the
     * roster's, in roster order: each counts in the fairness index, given mail or not; releases to
     * someone no longer on the roster count in the waits and hours only.
     */
    public static DayReport of(List<Release> releases, List<String> operators, Instant now, Duration target) {
        Instant from = now.minus(PERIOD);
        long[] waits = new long[WAIT_BOUNDS.size() + 1];
        long[] hours = new long[HOURS];
        Map<String, Long> dispatched = new LinkedHashMap<>();
        operators.forEach(operator -> dispatched.put(operator, 0L));
        List<Duration> waited = new ArrayList<>();
        for (Release release : releases) {
            Instant at = release.releasedAt();
            if (!at.isAfter(from) || at.isAfter(now)) {
                continue;
            }
            Duration wait = release.waited().isNegative() ? Duration.ZERO : release.waited();
            waited.add(wait);
            waits[bucket(wait)]++;
            long hoursAgo = Duration.between(at, now).toHours();
            hours[(int) Math.min(HOURS - 1, HOURS - 1 - hoursAgo)]++;
            dispatched.computeIfPresent(release.operator(), (operator, count) -> count + 1);
        }
        return new DayReport(from, now, list(waits), list(hours), Collections.unmodifiableMap(dispatched),
            ServiceLevel.of(waited, target), Fairness.jainIndex(dispatched.values()));
    }

    private static int bucket(Duration wait) {
        for (int index = 0; index < WAIT_BOUNDS.size(); index++) {
            if (wait.compareTo(WAIT_BOUNDS.get(index)) <= 0) {
                return index;
            }
        }
        return WAIT_BOUNDS.size();
    }

    private static List<Long> list(long[] values) {
        List<Long> list = new ArrayList<>(values.length);
        for (long value : values) {
            list.add(value);
        }
        return Collections.unmodifiableList(list);
    }

    public Instant from() {
        return from;
    }

    public Instant to() {
        return to;
    }

    /** Mails per wait bucket ({@link #WAIT_BOUNDS}, then the longer ones): one more entry than bounds. */
    public List<Long> waitCounts() {
        return waitCounts;
    }

    /** Releases per hour, oldest first: entry 23 is the hour ending now, entry 0 the one starting 24 hours ago. */
    public List<Long> releasesPerHour() {
        return releasesPerHour;
    }

    /** Mails each roster operator was given in the period, in roster order. */
    public Map<String, Long> dispatched() {
        return dispatched;
    }

    public ServiceLevel serviceLevel() {
        return serviceLevel;
    }

    /** Jain's index over {@link #dispatched()}. */
    public double fairness() {
        return fairness;
    }
}
