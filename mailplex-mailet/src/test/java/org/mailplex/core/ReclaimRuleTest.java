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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rule with reclaim and away: what {@code reclaimAfter} does to the queue and the operators. */
class ReclaimRuleTest {
    private static final String ALICE = "alice";
    private static final String BOB = "bob";
    private static final String CAROL = "carol";

    private MutableClock clock;
    private PlexScheduler scheduler;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
        scheduler = new PlexScheduler(Roster.of(List.of(ALICE, BOB, CAROL), 1), clock);
        scheduler.observe(ALICE, 0);
        scheduler.observe(BOB, 0);
        scheduler.observe(CAROL, 0);
    }

    private Assignment deliverNext() {
        Assignment assignment = scheduler.next().orElseThrow(() -> new AssertionError("expected an assignment"));
        scheduler.complete(assignment);
        return assignment;
    }

    @Test
    void reclaimedMailShouldGoOutBeforeEveryYoungerMail() {
        scheduler.park("k1");
        assertThat(deliverNext()).isEqualTo(new Assignment("k1", ALICE));
        scheduler.observe(BOB, 1);
        scheduler.observe(CAROL, 1);
        scheduler.park("k2");
        scheduler.park("k3");

        scheduler.reclaimed("k1", ALICE);
        scheduler.observe(BOB, 0);

        assertThat(deliverNext()).isEqualTo(new Assignment("k1", BOB));
        assertThat(scheduler.waitingKeys()).containsExactly("k2", "k3");
    }

    @Test
    void awayOperatorShouldNeverBeChosenEvenWhenEmptyLongest() {
        scheduler.park("k1");
        deliverNext();
        scheduler.reclaimed("k1", ALICE);

        assertThat(scheduler.operator(ALICE).held()).isZero();
        assertThat(scheduler.operator(ALICE).away()).isTrue();
        assertThat(scheduler.operator(ALICE).eligible()).isFalse();
        assertThat(deliverNext()).isEqualTo(new Assignment("k1", BOB));
        scheduler.park("k2");
        assertThat(deliverNext()).isEqualTo(new Assignment("k2", CAROL));
        scheduler.park("k3");
        assertThat(scheduler.next()).isEmpty();
    }

    @Test
    void operatorBackShouldGetTheNextMailByTheRule() {
        scheduler.park("k1");
        deliverNext();
        scheduler.reclaimed("k1", ALICE);
        deliverNext();
        scheduler.park("k2");
        deliverNext();
        scheduler.park("k3");

        clock.advance(Duration.ofSeconds(5));
        scheduler.markBack(ALICE);

        assertThat(deliverNext()).isEqualTo(new Assignment("k3", ALICE));
    }

    @Test
    void operatorBackShouldQueueBehindThoseWhoWaitedMeanwhile() {
        scheduler.park("k1");
        deliverNext();
        scheduler.reclaimed("k1", ALICE);
        clock.advance(Duration.ofSeconds(1));

        scheduler.markBack(ALICE);

        assertThat(scheduler.operator(ALICE).freeSince()).contains(clock.instant());
        assertThat(deliverNext()).isEqualTo(new Assignment("k1", BOB));
        scheduler.park("k2");
        assertThat(deliverNext()).isEqualTo(new Assignment("k2", CAROL));
    }

    @Test
    void followUpForAnAwayOperatorShouldWaitAndGoToTheNextFreeOperator() {
        scheduler.park("k1");
        deliverNext();
        scheduler.reclaimed("k1", ALICE);
        assertThat(deliverNext()).isEqualTo(new Assignment("k1", BOB));

        scheduler.parkFor("f1", ALICE);

        assertThat(deliverNext()).isEqualTo(new Assignment("f1", CAROL));
    }

    @Test
    void awayAndPausedShouldBeLiftedSeparately() {
        scheduler.pause(ALICE);
        scheduler.markAway(ALICE);

        scheduler.markBack(ALICE);
        assertThat(scheduler.operator(ALICE).away()).isFalse();
        assertThat(scheduler.operator(ALICE).eligible()).isFalse();

        scheduler.markAway(ALICE);
        scheduler.resume(ALICE);
        assertThat(scheduler.operator(ALICE).paused()).isFalse();
        assertThat(scheduler.operator(ALICE).eligible()).isFalse();
    }

    @Test
    void reclaimingAMailStillParkedShouldBeRefused() {
        scheduler.park("k1");
        Assignment assignment = scheduler.next().orElseThrow();

        assertThatThrownBy(() -> scheduler.reclaimed("k1", ALICE))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("k1");
        scheduler.complete(assignment);
    }
}
