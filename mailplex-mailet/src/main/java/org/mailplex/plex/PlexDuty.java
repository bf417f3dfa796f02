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

package org.mailplex.plex;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.mailplex.core.OperatorCalendar;
import org.mailplex.core.OperatorCalendar.Duty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the operators' schedules and absences to one plex, on its loop: off shift or absent, an
 * operator gets nothing; when she goes off duty and the plex has {@code reclaimAtShiftEnd}, the
 * mail of this plex she never opened goes back to its place in the queue, once, with no notice and
 * no away. The loop wakes at the next shift boundary or absence edge (and at least every
 * {@link #LONGEST_SLEEP}, should the clock jump).
 */
final class PlexDuty {
    private static final Logger LOGGER = LoggerFactory.getLogger(PlexDuty.class);
    static final Duration LONGEST_SLEEP = Duration.ofMinutes(10);

    private final Plex plex;
    private final OperatorCalendars calendars;
    private final Clock clock;
    /** Per operator, on duty at the last pass; touched on the loop only. */
    private final Map<String, Boolean> onDuty = new HashMap<>();
    /** Only the latest wake-up runs; earlier ones find a newer generation and do nothing. */
    private final AtomicLong generation = new AtomicLong();

    PlexDuty(Plex plex, OperatorCalendars calendars, Clock clock) {
        this.plex = plex;
        this.calendars = calendars;
        this.clock = clock;
    }

    /** Applies the calendars now; call it on the plex's loop. */
    void apply() {
        Instant now = clock.instant();
        Optional<Instant> next = Optional.empty();
        Map<String, Boolean> seen = new HashMap<>();
        boolean wake = false;
        for (String operator : plex.scheduler().roster().operators()) {
            OperatorCalendar calendar = calendars.calendar(operator);
            Duty duty = calendar.duty(now);
            boolean on = duty == Duty.ON_DUTY;
            Boolean was = onDuty.get(operator);
            seen.put(operator, on);
            plex.scheduler().onDuty(operator, on);
            if (!on && (was == null || was)) {
                LOGGER.info("MailPlex {}: {} is {}{}", plex.name(), operator, duty == Duty.ABSENT ? "absent until " : "off shift; next shift ",
                    duty == Duty.ABSENT ? calendar.absentUntil(now).map(Instant::toString).orElse("-")
                        : calendar.nextShiftStart(now).map(Instant::toString).orElse("none"));
                if (plex.configuration().reclaimAtShiftEnd()) {
                    int reclaimed = plex.reclaimUnopened(operator);
                    if (reclaimed > 0) {
                        LOGGER.info("MailPlex {}: {} unopened mail(s) of {} went back to the queue as they are off duty", plex.name(),
                            reclaimed, operator);
                        wake = true;
                    }
                }
            } else if (on && was != null && !was) {
                LOGGER.info("MailPlex {}: {} is on duty again", plex.name(), operator);
                wake = true;
            }
            Optional<Instant> change = calendar.nextChange(now);
            if (change.isPresent() && (next.isEmpty() || change.get().isBefore(next.get()))) {
                next = change;
            }
        }
        onDuty.clear();
        onDuty.putAll(seen);
        if (wake) {
            plex.wake();
        }
        sleepUntil(now, next);
    }

    private void sleepUntil(Instant now, Optional<Instant> next) {
        Duration delay = next.map(at -> Duration.between(now, at)).filter(d -> d.compareTo(LONGEST_SLEEP) < 0).orElse(LONGEST_SLEEP);
        long mine = generation.incrementAndGet();
        plex.later(() -> {
            if (generation.get() == mine) {
                apply();
            }
        }, delay.isNegative() ? Duration.ZERO : delay);
    }

    /** Operators on duty now, for the metrics. */
    int onDutyCount() {
        return (int) plex.scheduler().operators().stream().filter(operator -> operator.onDuty()).count();
    }
}
