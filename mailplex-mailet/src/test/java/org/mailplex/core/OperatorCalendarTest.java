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

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class OperatorCalendarTest {
    /** 2026-12-07 is a Monday. */
    private static final Schedule MONDAY_MORNINGS = Schedule.parse("UTC", Map.of("MONDAY", List.of("08:00-12:00")));
    private static final OperatorCalendar MORNINGS = new OperatorCalendar(Optional.of(MONDAY_MORNINGS), List.of());

    @Test
    void aWindowWithoutHerShiftShouldNotCountHerOnDuty() {
        assertThat(MORNINGS.onDutyDuring(Instant.parse("2026-12-06T00:00:00Z"), Instant.parse("2026-12-07T08:00:00Z"))).isFalse();
    }

    @Test
    void aWindowHerShiftStartsInShouldCountHerOnDuty() {
        assertThat(MORNINGS.onDutyDuring(Instant.parse("2026-12-06T09:00:00Z"), Instant.parse("2026-12-07T09:00:00Z"))).isTrue();
        assertThat(MORNINGS.onDutyDuring(Instant.parse("2026-12-07T11:00:00Z"), Instant.parse("2026-12-08T11:00:00Z"))).isTrue();
    }

    @Test
    void anAbsenceOverHerShiftShouldNotCountHerOnDuty() {
        OperatorCalendar away = MORNINGS.withAbsence(new Absence("a1", Instant.parse("2026-12-07T00:00:00Z"),
            Instant.parse("2026-12-08T00:00:00Z")));

        assertThat(away.onDutyDuring(Instant.parse("2026-12-06T12:00:00Z"), Instant.parse("2026-12-07T12:00:00Z"))).isFalse();
    }

    @Test
    void someoneWithoutAScheduleShouldAlwaysBeOnDuty() {
        assertThat(OperatorCalendar.ALWAYS.onDutyDuring(Instant.parse("2026-12-06T00:00:00Z"), Instant.parse("2026-12-06T00:00:01Z")))
            .isTrue();
    }
}
