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

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A mail that fails because of itself steps aside: the mails behind it go first and the operator keeps her place. */
class MailFailureTest {
    private static final String ALICE = "alice";
    private static final String BOB = "bob";
    private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

    private MutableClock clock;
    private PlexScheduler scheduler;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(START);
        scheduler = new PlexScheduler(Roster.of(List.of(ALICE, BOB), 1), clock);
        scheduler.observe(ALICE, 0);
        scheduler.observe(BOB, 0);
    }

    @Test
    void aDeferredMailShouldLetTheMailBehindItGoToTheSameOperator() {
        scheduler.park("big");
        scheduler.park("small");
        Assignment big = scheduler.next().orElseThrow();
        assertThat(big).isEqualTo(new Assignment("big", ALICE));

        scheduler.defer(big, START.plusSeconds(1));

        assertThat(scheduler.next()).contains(new Assignment("small", ALICE));
        assertThat(scheduler.next()).isEmpty();
    }

    @Test
    void aDeferredMailShouldWaitUntilItsRetryInstant() {
        scheduler.park("big");
        scheduler.defer(scheduler.next().orElseThrow(), START.plusSeconds(2));

        clock.advance(Duration.ofMillis(1999));
        assertThat(scheduler.next()).isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(scheduler.next()).contains(new Assignment("big", ALICE));
    }

    @Test
    void aDeferredMailShouldStillCountAsParked() {
        scheduler.park("a");
        scheduler.park("b");
        scheduler.defer(scheduler.next().orElseThrow(), START.plusSeconds(1));

        assertThat(scheduler.isParked("a")).isTrue();
        assertThat(scheduler.parkedCount()).isEqualTo(2);
        assertThat(scheduler.parkedKeys(0, 10)).containsExactly("a", "b");
        assertThat(scheduler.parkedKeys(1, 10)).containsExactly("b");
    }

    @Test
    void anAdminShouldBeAbleToAssignADeferredMailAtOnce() {
        scheduler.park("a");
        scheduler.defer(scheduler.next().orElseThrow(), START.plusSeconds(60));

        assertThat(scheduler.assignTo("a", BOB)).contains(new Assignment("a", BOB));
        clock.advance(Duration.ofSeconds(61));
        assertThat(scheduler.next()).as("its old retry gives it to nobody else").isEmpty();
    }

    @Test
    void forgettingADeferredMailShouldDropItsRetry() {
        scheduler.park("a");
        scheduler.defer(scheduler.next().orElseThrow(), START.plusSeconds(1));

        assertThat(scheduler.forget("a")).isTrue();
        clock.advance(Duration.ofSeconds(5));

        assertThat(scheduler.next()).isEmpty();
        assertThat(scheduler.isParked("a")).isFalse();
    }

    @Test
    void theOperatorShouldKeepHerPlaceInLineAfterAMailFailure() {
        // alice has been free longer than bob: she gets the first mail, it fails because of itself
        scheduler.observe(BOB, 1);
        clock.advance(Duration.ofSeconds(1));
        scheduler.observe(BOB, 0);
        scheduler.park("big");
        scheduler.defer(scheduler.next().orElseThrow(), START.plusSeconds(60));
        scheduler.park("next");

        assertThat(scheduler.next()).contains(new Assignment("next", ALICE));
    }
}
