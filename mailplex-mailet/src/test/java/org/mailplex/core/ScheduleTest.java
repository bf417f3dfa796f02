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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mailplex.core.OperatorCalendar.Duty;

class ScheduleTest {
    private static final String PRAGUE = "Europe/Prague";

    private static Schedule schedule(Map<String, List<String>> week) {
        return Schedule.parse(PRAGUE, week);
    }

    @Test
    void aShiftShouldIncludeItsStartAndExcludeItsEnd() {
        // Monday 7 December 2026; Prague is UTC+1 in winter
        Schedule schedule = schedule(Map.of("MONDAY", List.of("08:00-12:00", "13:00-17:00")));

        assertThat(schedule.onShift(Instant.parse("2026-12-07T06:59:59Z"))).isFalse();
        assertThat(schedule.onShift(Instant.parse("2026-12-07T07:00:00Z"))).isTrue();
        assertThat(schedule.onShift(Instant.parse("2026-12-07T10:59:59Z"))).isTrue();
        assertThat(schedule.onShift(Instant.parse("2026-12-07T11:00:00Z"))).isFalse();
        assertThat(schedule.onShift(Instant.parse("2026-12-07T12:00:00Z"))).isTrue();
        assertThat(schedule.onShift(Instant.parse("2026-12-08T07:00:00Z"))).as("Tuesday is off").isFalse();
    }

    @Test
    void aShiftCrossingMidnightShouldEndTheNextDay() {
        // Friday 11 December 2026, 22:00 to Saturday 06:00, Prague time
        Schedule schedule = schedule(Map.of("FRIDAY", List.of("22:00-06:00+1")));

        assertThat(schedule.onShift(Instant.parse("2026-12-11T20:59:59Z"))).isFalse();
        assertThat(schedule.onShift(Instant.parse("2026-12-11T21:00:00Z"))).isTrue();
        assertThat(schedule.onShift(Instant.parse("2026-12-11T23:30:00Z"))).isTrue();
        assertThat(schedule.onShift(Instant.parse("2026-12-12T04:59:59Z"))).isTrue();
        assertThat(schedule.onShift(Instant.parse("2026-12-12T05:00:00Z"))).isFalse();
        assertThat(schedule.nextChange(Instant.parse("2026-12-11T23:30:00Z"))).contains(Instant.parse("2026-12-12T05:00:00Z"));
    }

    @Test
    void aShiftOnTheSpringForwardDayShouldBeAnHourShorter() {
        // Sunday 29 March 2026: at 02:00 Prague clocks jump to 03:00 (UTC+1 to UTC+2)
        Schedule schedule = schedule(Map.of("SUNDAY", List.of("01:00-04:00")));
        Instant before = Instant.parse("2026-03-28T23:30:00Z");

        Instant start = schedule.nextStart(before).orElseThrow();
        Instant end = schedule.nextChange(start).orElseThrow();

        assertThat(start).isEqualTo(Instant.parse("2026-03-29T00:00:00Z"));
        assertThat(end).isEqualTo(Instant.parse("2026-03-29T02:00:00Z"));
        assertThat(Duration.between(start, end)).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aShiftStartingInTheSpringForwardGapShouldStartLaterByTheGap() {
        // 02:30 does not exist that night: java.time moves it an hour later, to 03:30 (UTC+2)
        Schedule schedule = schedule(Map.of("SUNDAY", List.of("02:30-05:00")));

        assertThat(schedule.nextStart(Instant.parse("2026-03-28T12:00:00Z"))).contains(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(schedule.onShift(Instant.parse("2026-03-29T01:29:59Z"))).isFalse();
        assertThat(schedule.onShift(Instant.parse("2026-03-29T01:30:00Z"))).isTrue();
    }

    @Test
    void aShiftOnTheFallBackDayShouldBeAnHourLonger() {
        // Sunday 25 October 2026: at 03:00 Prague clocks go back to 02:00 (UTC+2 to UTC+1)
        Schedule schedule = schedule(Map.of("SUNDAY", List.of("01:00-04:00")));

        Instant start = schedule.nextStart(Instant.parse("2026-10-24T12:00:00Z")).orElseThrow();
        Instant end = schedule.nextChange(start).orElseThrow();

        assertThat(start).isEqualTo(Instant.parse("2026-10-24T23:00:00Z"));
        assertThat(end).isEqualTo(Instant.parse("2026-10-25T03:00:00Z"));
        assertThat(Duration.between(start, end)).isEqualTo(Duration.ofHours(4));
        assertThat(schedule.onShift(Instant.parse("2026-10-25T02:30:00Z"))).isTrue();
    }

    @Test
    void aNightShiftAcrossTheFallBackShouldFollowTheWallClock() {
        // Saturday 24 October 22:00 (UTC+2) to Sunday 06:00 (UTC+1): nine hours
        Schedule schedule = schedule(Map.of("SATURDAY", List.of("22:00-06:00+1")));

        Instant start = schedule.nextStart(Instant.parse("2026-10-24T12:00:00Z")).orElseThrow();

        assertThat(start).isEqualTo(Instant.parse("2026-10-24T20:00:00Z"));
        assertThat(schedule.nextChange(start)).contains(Instant.parse("2026-10-25T05:00:00Z"));
    }

    @Test
    void aMovedClockShouldSeeTheOperatorComeOnAndGoOffShift() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T06:30:00Z"));
        OperatorCalendar calendar = new OperatorCalendar(Optional.of(schedule(Map.of("MONDAY", List.of("08:00-09:00")))), List.of());

        assertThat(calendar.duty(clock.instant())).isEqualTo(Duty.OFF_SHIFT);
        assertThat(calendar.nextShiftStart(clock.instant())).contains(Instant.parse("2026-12-07T07:00:00Z"));
        clock.advance(Duration.ofMinutes(30));
        assertThat(calendar.duty(clock.instant())).isEqualTo(Duty.ON_DUTY);
        clock.advance(Duration.ofMinutes(60));
        assertThat(calendar.duty(clock.instant())).isEqualTo(Duty.OFF_SHIFT);
        assertThat(calendar.nextShiftStart(clock.instant())).contains(Instant.parse("2026-12-14T07:00:00Z"));
    }

    @Test
    void anAbsenceShouldWinOverTheShiftAndEndWhenItSays() {
        Absence holiday = new Absence("h1", Instant.parse("2026-12-24T00:00:00Z"), Instant.parse("2027-01-02T00:00:00Z"));
        OperatorCalendar calendar = new OperatorCalendar(Optional.empty(), List.of(holiday));

        assertThat(calendar.duty(Instant.parse("2026-12-23T23:59:59Z"))).isEqualTo(Duty.ON_DUTY);
        assertThat(calendar.duty(Instant.parse("2026-12-24T00:00:00Z"))).isEqualTo(Duty.ABSENT);
        assertThat(calendar.absentUntil(Instant.parse("2026-12-30T00:00:00Z"))).contains(holiday.until());
        assertThat(calendar.duty(holiday.until())).isEqualTo(Duty.ON_DUTY);
        assertThat(calendar.nextChange(Instant.parse("2026-12-01T00:00:00Z"))).contains(holiday.from());
        assertThat(calendar.withoutPast(holiday.until()).absences()).isEmpty();
    }

    @Test
    void noScheduleShouldMeanAlwaysOnShift() {
        assertThat(OperatorCalendar.ALWAYS.duty(Instant.parse("2026-12-06T03:00:00Z"))).isEqualTo(Duty.ON_DUTY);
        assertThat(OperatorCalendar.ALWAYS.nextChange(Instant.parse("2026-12-06T03:00:00Z"))).isEmpty();
    }

    @Test
    void aScheduleShouldBeWrittenBackAsGiven() {
        Schedule schedule = schedule(Map.of("monday", List.of("08:00-12:00"), "FRIDAY", List.of("22:00-06:00+1", "13:00-24:00")));

        assertThat(schedule.week().toString()).isEqualTo("{MONDAY=[08:00-12:00], FRIDAY=[22:00-06:00+1, 13:00-24:00]}");
    }

    @Test
    void parseShouldRefuseAnUnknownDay() {
        assertThatThrownBy(() -> schedule(Map.of("MOONDAY", List.of("08:00-12:00"))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'MOONDAY' is not a day of the week");
    }

    @Test
    void parseShouldRefuseHoursPastMidnight() {
        assertThatThrownBy(() -> schedule(Map.of("MONDAY", List.of("25:00-26:00"))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'25:00' is not a time of day");
    }

    @Test
    void parseShouldRefuseAShiftEndingBeforeItStarts() {
        assertThatThrownBy(() -> schedule(Map.of("MONDAY", List.of("17:00-08:00"))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("shift '17:00-08:00' on MONDAY ends before it starts");
    }

    @Test
    void parseShouldRefuseAnUnknownZone() {
        assertThatThrownBy(() -> Schedule.parse("Mars/Olympus", Map.of()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'Mars/Olympus' is not a known time zone");
    }

    @Test
    void anAbsenceShouldRefuseToEndBeforeItStarts() {
        assertThatThrownBy(() -> new Absence("x", Instant.parse("2026-12-24T00:00:00Z"), Instant.parse("2026-12-23T00:00:00Z")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'until'");
    }
}
