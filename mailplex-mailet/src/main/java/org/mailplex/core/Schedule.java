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

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * When one person works: a time zone and a week of shifts, e.g. {@code MONDAY: 08:00-12:00,
 * 13:00-17:00}. Days without shifts are off. A shift that crosses midnight is written with
 * {@code +1}: {@code 22:00-06:00+1} starts on its day and ends the next. Instants are computed by
 * {@code java.time} in the zone, so a shift keeps its wall-clock times on the days the clocks
 * change (a time inside the spring-forward gap moves later by the gap: 02:30 becomes 03:30). Immutable.
 */
public final class Schedule {
    private static final Pattern SHIFT = Pattern.compile("(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})(\\+1)?");
    private static final int MINUTES_A_DAY = 24 * 60;
    /** How far ahead the next shift is looked for: a week and a day covers every shift of a week. */
    private static final int DAYS_AHEAD = 9;

    private final ZoneId zone;
    private final Map<DayOfWeek, List<Shift>> week;

    private Schedule(ZoneId zone, Map<DayOfWeek, List<Shift>> week) {
        this.zone = zone;
        this.week = Collections.unmodifiableMap(new EnumMap<>(week));
    }

    /**
     * @param zone a zone id such as {@code Europe/Prague}
     * @param week day names ({@code MONDAY}...) to shifts such as {@code 08:00-12:00}
     * @throws IllegalArgumentException naming what is wrong: the zone, a day, a shift
     */
    public static Schedule parse(String zone, Map<String, List<String>> week) {
        ZoneId zoneId = zone(zone);
        Map<DayOfWeek, List<Shift>> shifts = new EnumMap<>(DayOfWeek.class);
        for (Map.Entry<String, List<String>> day : Objects.requireNonNull(week, "week").entrySet()) {
            DayOfWeek dayOfWeek = day(day.getKey());
            if (shifts.containsKey(dayOfWeek)) {
                throw new IllegalArgumentException("day '" + day.getKey() + "' is in the week twice");
            }
            List<Shift> ofDay = new ArrayList<>();
            for (String shift : Optional.ofNullable(day.getValue()).orElse(List.of())) {
                ofDay.add(Shift.parse(dayOfWeek, shift));
            }
            shifts.put(dayOfWeek, List.copyOf(ofDay));
        }
        return new Schedule(zoneId, shifts);
    }

    private static ZoneId zone(String zone) {
        if (zone == null || zone.isBlank()) {
            throw new IllegalArgumentException("'zone' is missing: give a time zone such as Europe/Prague");
        }
        try {
            return ZoneId.of(zone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + zone + "' is not a known time zone; give one such as Europe/Prague");
        }
    }

    private static DayOfWeek day(String day) {
        try {
            return DayOfWeek.valueOf(String.valueOf(day).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + day + "' is not a day of the week; use MONDAY to SUNDAY");
        }
    }

    public ZoneId zone() {
        return zone;
    }

    /** Day to its shifts as written ({@code 22:00-06:00+1}), Monday first; days without shifts are left out. */
    public Map<DayOfWeek, List<String>> week() {
        Map<DayOfWeek, List<String>> written = new EnumMap<>(DayOfWeek.class);
        week.forEach((day, shifts) -> {
            if (!shifts.isEmpty()) {
                written.put(day, shifts.stream().map(Shift::toString).collect(Collectors.toUnmodifiableList()));
            }
        });
        return Collections.unmodifiableMap(written);
    }

    /** Whether {@code instant} falls inside one of the shifts. */
    public boolean onShift(Instant instant) {
        LocalDate today = instant.atZone(zone).toLocalDate();
        for (LocalDate day = today.minusDays(1); !day.isAfter(today); day = day.plusDays(1)) {
            for (Shift shift : shifts(day)) {
                if (!shift.start(day, zone).isAfter(instant) && shift.end(day, zone).isAfter(instant)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first shift start after {@code instant}; empty when the week has no shift. */
    public Optional<Instant> nextStart(Instant instant) {
        return next(instant, false);
    }

    /** The first instant after {@code instant} when a shift starts or ends. */
    public Optional<Instant> nextChange(Instant instant) {
        return next(instant, true);
    }

    private Optional<Instant> next(Instant instant, boolean ends) {
        LocalDate today = instant.atZone(zone).toLocalDate();
        Instant best = null;
        for (LocalDate day = today.minusDays(1); day.isBefore(today.plusDays(DAYS_AHEAD)); day = day.plusDays(1)) {
            for (Shift shift : shifts(day)) {
                Instant start = shift.start(day, zone);
                if (start.isAfter(instant) && (best == null || start.isBefore(best))) {
                    best = start;
                }
                Instant end = shift.end(day, zone);
                if (ends && end.isAfter(instant) && (best == null || end.isBefore(best))) {
                    best = end;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private List<Shift> shifts(LocalDate day) {
        return week.getOrDefault(day.getDayOfWeek(), List.of());
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof Schedule) {
            Schedule that = (Schedule) o;
            return zone.equals(that.zone) && week().equals(that.week());
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(zone, week());
    }

    @Override
    public String toString() {
        return zone + " " + week();
    }

    /** One shift of one day, in minutes of the day; {@code nextDay} when it ends the day after. */
    private static final class Shift {
        private final int start;
        private final int end;
        private final boolean nextDay;

        private Shift(int start, int end, boolean nextDay) {
            this.start = start;
            this.end = end;
            this.nextDay = nextDay;
        }

        static Shift parse(DayOfWeek day, String text) {
            String shift = String.valueOf(text).trim();
            Matcher matcher = SHIFT.matcher(shift);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("shift '" + text + "' on " + day + " is not HH:MM-HH:MM (or HH:MM-HH:MM+1 when it "
                    + "ends the next day)");
            }
            int start = minutes(day, shift, matcher.group(1), matcher.group(2), false);
            int end = minutes(day, shift, matcher.group(3), matcher.group(4), true);
            boolean nextDay = matcher.group(5) != null;
            if (!nextDay && end <= start) {
                throw new IllegalArgumentException("shift '" + shift + "' on " + day + " ends before it starts; a shift that crosses "
                    + "midnight is written with +1, e.g. 22:00-06:00+1");
            }
            if (nextDay && end > start) {
                throw new IllegalArgumentException("shift '" + shift + "' on " + day + " is longer than a day");
            }
            return new Shift(start, end, nextDay);
        }

        private static int minutes(DayOfWeek day, String shift, String hours, String minutes, boolean isEnd) {
            int h = Integer.parseInt(hours);
            int m = Integer.parseInt(minutes);
            int total = h * 60 + m;
            if (m > 59 || total > MINUTES_A_DAY || (total == MINUTES_A_DAY && !isEnd)) {
                throw new IllegalArgumentException("shift '" + shift + "' on " + day + ": '" + hours + ":" + minutes
                    + "' is not a time of day (00:00 to 23:59, or 24:00 for an end)");
            }
            return total;
        }

        Instant start(LocalDate day, ZoneId zone) {
            return at(day, start, zone);
        }

        Instant end(LocalDate day, ZoneId zone) {
            return at(nextDay ? day.plusDays(1) : day, end, zone);
        }

        private static Instant at(LocalDate day, int minutes, ZoneId zone) {
            if (minutes == MINUTES_A_DAY) {
                return day.plusDays(1).atStartOfDay(zone).toInstant();
            }
            return ZonedDateTime.of(day, LocalTime.of(minutes / 60, minutes % 60), zone).toInstant();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%02d:%02d-%02d:%02d%s", start / 60, start % 60, end / 60, end % 60, nextDay ? "+1" : "");
        }
    }
}
