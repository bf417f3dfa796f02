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

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * When one person works, the same on every plex she is on: her {@link Schedule} (none: always on
 * shift) and her planned {@link Absence}s. Immutable; every change makes a new one.
 */
public final class OperatorCalendar {
    /** Shift boundaries and absence edges looked at in one window: a day has a few dozen at most. */
    private static final int MAX_CHANGES_LOOKED_AT = 1_000;
    public static final OperatorCalendar ALWAYS = new OperatorCalendar(Optional.empty(), List.of());

    /** Where a person stands at one instant. */
    public enum Duty {
        ON_DUTY,
        OFF_SHIFT,
        ABSENT
    }

    private final Optional<Schedule> schedule;
    private final List<Absence> absences;

    public OperatorCalendar(Optional<Schedule> schedule, List<Absence> absences) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.absences = absences.stream()
            .sorted(Comparator.comparing(Absence::from).thenComparing(Absence::id))
            .collect(Collectors.toUnmodifiableList());
    }

    public Optional<Schedule> schedule() {
        return schedule;
    }

    /** Her absences, earliest first. */
    public List<Absence> absences() {
        return absences;
    }

    public boolean isEmpty() {
        return schedule.isEmpty() && absences.isEmpty();
    }

    public OperatorCalendar withSchedule(Optional<Schedule> schedule) {
        return new OperatorCalendar(schedule, absences);
    }

    public OperatorCalendar withAbsence(Absence absence) {
        List<Absence> more = new ArrayList<>(absences);
        more.add(absence);
        return new OperatorCalendar(schedule, more);
    }

    public OperatorCalendar withoutAbsence(String id) {
        return new OperatorCalendar(schedule, absences.stream().filter(absence -> !absence.id().equals(id)).collect(Collectors.toList()));
    }

    /** Without the absences over at {@code now}. */
    public OperatorCalendar withoutPast(Instant now) {
        return new OperatorCalendar(schedule, absences.stream().filter(absence -> !absence.isPast(now)).collect(Collectors.toList()));
    }

    public Optional<Absence> absence(String id) {
        return absences.stream().filter(absence -> absence.id().equals(id)).findFirst();
    }

    /** Absent wins over off shift. */
    public Duty duty(Instant now) {
        if (absences.stream().anyMatch(absence -> absence.covers(now))) {
            return Duty.ABSENT;
        }
        if (schedule.isPresent() && !schedule.get().onShift(now)) {
            return Duty.OFF_SHIFT;
        }
        return Duty.ON_DUTY;
    }

    /** When the absence she is in ends (absences that touch or overlap count as one); empty when she is not absent. */
    public Optional<Instant> absentUntil(Instant now) {
        Instant until = null;
        Instant at = now;
        boolean extended = true;
        while (extended) {
            extended = false;
            for (Absence absence : absences) {
                if (absence.covers(at) && (until == null || absence.until().isAfter(until))) {
                    until = absence.until();
                    at = until;
                    extended = true;
                }
            }
        }
        return Optional.ofNullable(until);
    }

    /** When her next shift starts; empty without a schedule or with an empty week. */
    public Optional<Instant> nextShiftStart(Instant now) {
        return schedule.flatMap(s -> s.nextStart(now));
    }

    /** The next instant after {@code now} at which her duty may change: a shift boundary, an absence's start or end. */
    public Optional<Instant> nextChange(Instant now) {
        Optional<Instant> next = schedule.flatMap(s -> s.nextChange(now));
        for (Absence absence : absences) {
            for (Instant boundary : List.of(absence.from(), absence.until())) {
                if (boundary.isAfter(now) && (next.isEmpty() || boundary.isBefore(next.get()))) {
                    next = Optional.of(boundary);
                }
            }
        }
        return next;
    }

    /** Whether she was on duty at some instant of {@code [from, to)}: on shift and not absent. */
    public boolean onDutyDuring(Instant from, Instant to) {
        Instant at = from;
        for (int changes = 0; at.isBefore(to) && changes < MAX_CHANGES_LOOKED_AT; changes++) {
            if (duty(at) == Duty.ON_DUTY) {
                return true;
            }
            Optional<Instant> next = nextChange(at);
            if (next.isEmpty()) {
                return false;
            }
            at = next.get();
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof OperatorCalendar) {
            OperatorCalendar that = (OperatorCalendar) o;
            return schedule.equals(that.schedule) && absences.equals(that.absences);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(schedule, absences);
    }

    @Override
    public String toString() {
        return "schedule=" + schedule.map(Schedule::toString).orElse("none") + " absences=" + absences;
    }
}
