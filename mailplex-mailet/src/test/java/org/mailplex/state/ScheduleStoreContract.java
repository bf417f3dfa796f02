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

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mailplex.core.Absence;
import org.mailplex.core.OperatorCalendar;
import org.mailplex.core.Schedule;

/** What every {@link ScheduleStore} must do; each implementation's test extends this. */
public abstract class ScheduleStoreContract {
    static final String ALICE = "alice@mailplex.local";
    static final String BOB = "bob@mailplex.local";
    static final Schedule OFFICE = Schedule.parse("Europe/Prague", Map.of("MONDAY", List.of("08:00-12:00", "13:00-17:00"),
        "FRIDAY", List.of("22:00-06:00+1")));
    static final Absence HOLIDAY = new Absence("a1", Instant.parse("2026-12-23T23:00:00Z"), Instant.parse("2027-01-01T23:00:00Z"));

    protected abstract ScheduleStore store();

    @Test
    void loadShouldBeAlwaysOnForAPersonNeverSaved() throws Exception {
        assertThat(store().load(ALICE)).isEqualTo(OperatorCalendar.ALWAYS);
    }

    @Test
    void loadShouldReturnWhatWasSaved() throws Exception {
        OperatorCalendar calendar = new OperatorCalendar(Optional.of(OFFICE), List.of(HOLIDAY));

        store().save(ALICE, calendar);

        assertThat(store().load(ALICE)).isEqualTo(calendar);
    }

    @Test
    void aScheduleWithAnEmptyWeekShouldRoundTrip() throws Exception {
        OperatorCalendar calendar = new OperatorCalendar(Optional.of(Schedule.parse("UTC", Map.of())), List.of());

        store().save(ALICE, calendar);

        assertThat(store().load(ALICE)).isEqualTo(calendar);
    }

    @Test
    void absencesAloneShouldRoundTrip() throws Exception {
        OperatorCalendar calendar = new OperatorCalendar(Optional.empty(), List.of(HOLIDAY));

        store().save(ALICE, calendar);

        assertThat(store().load(ALICE)).isEqualTo(calendar);
    }

    @Test
    void savingAnEmptyCalendarShouldLoadAlwaysOn() throws Exception {
        store().save(ALICE, new OperatorCalendar(Optional.of(OFFICE), List.of(HOLIDAY)));

        store().save(ALICE, OperatorCalendar.ALWAYS);

        assertThat(store().load(ALICE)).isEqualTo(OperatorCalendar.ALWAYS);
    }

    @Test
    void peopleShouldBeIndependent() throws Exception {
        store().save(ALICE, new OperatorCalendar(Optional.of(OFFICE), List.of()));
        store().save(BOB, new OperatorCalendar(Optional.empty(), List.of(HOLIDAY)));

        assertThat(store().load(ALICE).absences()).isEmpty();
        assertThat(store().load(BOB).schedule()).isEmpty();
    }

    @Test
    void oddButValidAddressesShouldRoundTrip() throws Exception {
        String quoted = "\"john doe\"@mailplex.local";
        OperatorCalendar calendar = new OperatorCalendar(Optional.of(OFFICE), List.of(HOLIDAY));

        store().save(quoted, calendar);

        assertThat(store().load(quoted)).isEqualTo(calendar);
    }
}
