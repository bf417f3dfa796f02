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

package org.mailplex.webadmin.dto;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.mailplex.core.DayReport;

/** The last day of releases in {@code GET /mailplex/{plex}/stats}: what the console draws; the service level and fairness are computed over it. */
public class LastDayDto {
    public static LastDayDto from(DayReport report) {
        return new LastDayDto(report.from(), report.to(), report.dispatched(),
            DayReport.WAIT_BOUNDS.stream().map(Duration::toMillis).collect(Collectors.toList()), report.waitCounts(),
            report.releasesPerHour());
    }

    private final Instant from;
    private final Instant to;
    private final Map<String, Long> dispatched;
    private final List<Long> waitBoundsMillis;
    private final List<Long> waitCounts;
    private final List<Long> releasesPerHour;

    public LastDayDto(Instant from, Instant to, Map<String, Long> dispatched,
                      List<Long> waitBoundsMillis, List<Long> waitCounts, List<Long> releasesPerHour) {
        this.from = from;
        this.to = to;
        this.dispatched = dispatched;
        this.waitBoundsMillis = waitBoundsMillis;
        this.waitCounts = waitCounts;
        this.releasesPerHour = releasesPerHour;
    }

    public Instant getFrom() {
        return from;
    }

    public Instant getTo() {
        return to;
    }

    /** Mails each roster operator was given over the day, in roster order: what the fairness index is computed over. */
    public Map<String, Long> getDispatched() {
        return dispatched;
    }

    /** Upper bounds of the wait buckets; {@link #getWaitCounts()} has one more entry, for the longer waits. */
    public List<Long> getWaitBoundsMillis() {
        return waitBoundsMillis;
    }

    public List<Long> getWaitCounts() {
        return waitCounts;
    }

    /** 24 entries, oldest first; the last one is the hour ending now. */
    public List<Long> getReleasesPerHour() {
        return releasesPerHour;
    }
}
