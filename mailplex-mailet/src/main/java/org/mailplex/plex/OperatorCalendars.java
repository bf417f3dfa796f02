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

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.mailplex.core.Absence;
import org.mailplex.core.OperatorCalendar;
import org.mailplex.core.OperatorCalendar.Duty;
import org.mailplex.core.Schedule;
import org.mailplex.state.ScheduleStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every person's schedule and absences ({@link OperatorCalendar}), the same on every plex she is
 * on, kept in the {@link ScheduleStore}. Each change is saved before it applies: a change that
 * cannot be saved is refused and nothing changes. Plexes hear of each change ({@link #listen}).
 */
@Singleton
public class OperatorCalendars {
    private static final Logger LOGGER = LoggerFactory.getLogger(OperatorCalendars.class);

    private final ScheduleStore store;
    private final Clock clock;
    private final Map<String, OperatorCalendar> calendars = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    @Inject
    public OperatorCalendars(ScheduleStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** {@code listener} hears the operator whose calendar changed. */
    public void listen(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Reads {@code operator}'s calendar from the store (a plex starting, an operator added); fails when it cannot be read. */
    public void load(String operator) throws IOException {
        if (!calendars.containsKey(operator)) {
            calendars.put(operator, store.load(operator).withoutPast(clock.instant()));
        }
    }

    /** Her calendar now, past absences left out; {@link OperatorCalendar#ALWAYS} when she has none. */
    /** Several nodes: reads {@code operator}'s calendar again (another node may have changed it); the plexes apply a change. */
    public void refresh(String operator) throws IOException {
        OperatorCalendar loaded = store.load(operator).withoutPast(clock.instant());
        OperatorCalendar known = calendars.get(operator);
        if (known == null || !loaded.equals(known.withoutPast(clock.instant()))) {
            calendars.put(operator, loaded);
            if (known != null) {
                LOGGER.info("MailPlex: calendar of {} changed on another node", operator);
                listeners.forEach(listener -> listener.accept(operator));
            }
        }
    }

    public OperatorCalendar calendar(String operator) {
        return calendars.getOrDefault(operator, OperatorCalendar.ALWAYS).withoutPast(clock.instant());
    }

    /** Where {@code operator} stands now. */
    public Duty duty(String operator) {
        return calendar(operator).duty(clock.instant());
    }

    /** When she is back: the end of her absence, or the start of her next shift; empty when on duty (or never back). */
    public Optional<Instant> back(String operator) {
        Instant now = clock.instant();
        OperatorCalendar calendar = calendar(operator);
        Duty duty = calendar.duty(now);
        return duty == Duty.ABSENT ? calendar.absentUntil(now) : duty == Duty.OFF_SHIFT ? calendar.nextShiftStart(now) : Optional.empty();
    }

    public synchronized void schedule(String operator, Optional<Schedule> schedule, String who) throws IOException {
        save(operator, calendar(operator).withSchedule(schedule));
        if (schedule.isPresent()) {
            LOGGER.info("MailPlex: schedule of {} set to {} by {}", operator, schedule.get(), who);
        } else {
            LOGGER.info("MailPlex: schedule of {} removed by {}: always on shift", operator, who);
        }
    }

    public synchronized Absence addAbsence(String operator, Instant from, Instant until, String who) throws IOException {
        Absence absence = new Absence(UUID.randomUUID().toString(), from, until);
        save(operator, calendar(operator).withAbsence(absence));
        LOGGER.info("MailPlex: absence {} of {} from {} until {} planned by {}", absence.id(), operator, from, until, who);
        return absence;
    }

    /** False when she has no such absence (or it is over). */
    public synchronized boolean cancelAbsence(String operator, String id, String who) throws IOException {
        OperatorCalendar calendar = calendar(operator);
        if (calendar.absence(id).isEmpty()) {
            return false;
        }
        save(operator, calendar.withoutAbsence(id));
        LOGGER.info("MailPlex: absence {} of {} cancelled by {}", id, operator, who);
        return true;
    }

    private void save(String operator, OperatorCalendar next) throws IOException {
        store.save(operator, next);
        calendars.put(operator, next);
        listeners.forEach(listener -> listener.accept(operator));
    }
}
