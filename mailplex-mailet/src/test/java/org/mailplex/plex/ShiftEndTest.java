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

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.BOB;
import static org.mailplex.plex.MemoryMailPlex.PLEX;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Schedule;

/**
 * An operator going off duty (her absence starts, her schedule says she is off) on a plex over
 * James's in-memory parts: with reclaimAtShiftEnd the mail of this plex she never opened goes back
 * to the queue once, with no notice and no away; opened mail stays; without it nothing moves.
 */
class ShiftEndTest {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    @RegisterExtension
    final MemoryMailPlexExtension memory = new MemoryMailPlexExtension(START);
    private Plex plex;

    /** Alice holds two mails of the plex, the first opened; bob is free. */
    private void aliceHoldsAnOpenedAndAnUnopenedMail(String... overrides) throws Exception {
        plex = memory.james().register(overrides);
        memory.james().administration().pause(plex, BOB);
        plex.park(mail("opened"));
        await().untilAsserted(() -> assertThat(memory.james().subjects(ALICE)).containsExactly("opened"));
        memory.james().readAll(ALICE);
        plex.park(mail("never opened"));
        await().untilAsserted(() -> assertThat(memory.james().subjects(ALICE)).containsExactly("opened", "never opened"));
        memory.james().administration().resume(plex, BOB);
    }

    @Test
    void unopenedMailShouldGoBackOnceWhenHerAbsenceStartsWithNoAway() throws Exception {
        aliceHoldsAnOpenedAndAnUnopenedMail(PlexConfiguration.CAPACITY, "2");

        memory.james().operatorAdministration().addAbsence(ALICE, START.minusSeconds(1), START.plus(Duration.ofDays(1)), "a test");

        await().untilAsserted(() -> assertThat(memory.james().subjects(BOB)).containsExactly("never opened"));
        assertThat(memory.james().subjects(ALICE)).containsExactly("opened");
        assertThat(memory.james().away().isAway(ALICE)).isFalse();
        assertThat(plex.scheduler().operator(ALICE).away()).isFalse();
        assertThat(memory.james().state().state(PLEX).reclaimed(ALICE)).isEqualTo(1);

        // another change to her calendar while she is still absent takes nothing more back
        memory.james().operatorAdministration().setSchedule(ALICE, Schedule.parse("UTC", Map.of("WEDNESDAY", List.of("00:00-24:00"))), "a test");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(memory.james().subjects(BOB)).containsExactly("never opened");
            assertThat(memory.james().state().state(PLEX).reclaimed(ALICE)).isEqualTo(1);
        });
    }

    @Test
    void unopenedMailShouldGoBackWhenHerScheduleSaysSheIsOff() throws Exception {
        aliceHoldsAnOpenedAndAnUnopenedMail(PlexConfiguration.CAPACITY, "2");

        // a Wednesday at 10:00 UTC: her shift is over
        memory.james().operatorAdministration().setSchedule(ALICE, Schedule.parse("UTC", Map.of("WEDNESDAY", List.of("08:00-09:00"))), "a test");

        await().untilAsserted(() -> assertThat(memory.james().subjects(BOB)).containsExactly("never opened"));
        assertThat(memory.james().subjects(ALICE)).containsExactly("opened");
        assertThat(plex.scheduler().operator(ALICE).onDuty()).isFalse();
    }

    @Test
    void nothingShouldGoBackWithoutReclaimAtShiftEnd() throws Exception {
        aliceHoldsAnOpenedAndAnUnopenedMail(PlexConfiguration.CAPACITY, "2", PlexConfiguration.RECLAIM_AT_SHIFT_END, "false");

        memory.james().operatorAdministration().addAbsence(ALICE, START.minusSeconds(1), START.plus(Duration.ofDays(1)), "a test");

        await().until(() -> !plex.scheduler().operator(ALICE).onDuty());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
            .untilAsserted(() -> assertThat(memory.james().subjects(ALICE)).containsExactly("opened", "never opened"));
        assertThat(memory.james().subjects(BOB)).isEmpty();
    }

    @Test
    void anOperatorBackOnDutyShouldGetMailAgain() throws Exception {
        plex = memory.james().register();
        memory.james().administration().pause(plex, BOB);
        memory.james().operatorAdministration().setSchedule(ALICE, Schedule.parse("UTC", Map.of("MONDAY", List.of("08:00-09:00"))), "a test");
        await().until(() -> !plex.scheduler().operator(ALICE).onDuty());
        plex.park(mail("waiting"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
            .untilAsserted(() -> assertThat(memory.james().subjects(ALICE)).isEmpty());

        memory.james().operatorAdministration().deleteSchedule(ALICE, "a test");

        await().untilAsserted(() -> assertThat(memory.james().subjects(ALICE)).containsExactly("waiting"));
    }
}
