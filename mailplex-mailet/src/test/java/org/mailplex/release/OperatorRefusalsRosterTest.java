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

package org.mailplex.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplex.core.Assignment;
import org.mailplex.core.MutableClock;
import org.mailplex.core.OperatorState;
import org.mailplex.core.PlexScheduler;
import org.mailplex.core.Roster;

/** Refusals of an operator an admin takes off the roster meanwhile: they neither throw nor stop the reconcile tick. */
class OperatorRefusalsRosterTest {
    private static final Duration RECONCILE = Duration.ofSeconds(5);
    private static final RuntimeException OVER_QUOTA = new RuntimeException("over quota");

    private MutableClock clock;
    private PlexScheduler scheduler;
    private OperatorRefusals refusals;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
        scheduler = new PlexScheduler(Roster.of(List.of("alice", "bob"), 1), clock);
        scheduler.observe("alice", 0);
        // bob is busy: on duty, but the rule gives alice the mail
        scheduler.observe("bob", 1);
        refusals = new OperatorRefusals("help@mailplex.local", scheduler, clock, RECONCILE);
    }

    @Test
    void aRefusalByAnOperatorTakenOffTheRosterWhileItWasInFlightShouldNotThrow() {
        scheduler.park("k1");
        scheduler.park("k2");
        Assignment first = scheduler.next().orElseThrow();
        assertThat(first.operator()).isEqualTo("alice");
        refusals.refused(first, OVER_QUOTA);
        Assignment second = scheduler.assignTo("k2", "alice").orElseThrow();

        scheduler.remove("alice");
        boolean setAside = refusals.refused(second, OVER_QUOTA);

        assertThat(setAside).as("bob, on duty, has refused nothing").isFalse();
        assertThat(scheduler.waitingKeys()).containsExactly("k1", "k2");
        assertThat(scheduler.operators()).extracting(OperatorState::name).containsExactly("bob");
    }

    @Test
    void theTickShouldForgetARefusingOperatorTakenOffTheRoster() {
        scheduler.park("k1");
        scheduler.park("k2");
        refusals.refused(scheduler.next().orElseThrow(), OVER_QUOTA);
        refusals.refused(scheduler.assignTo("k2", "alice").orElseThrow(), OVER_QUOTA);
        assertThat(scheduler.operator("alice").refusing()).isTrue();

        scheduler.remove("alice");
        clock.advance(RECONCILE.multipliedBy(OperatorRefusals.RETRY_AFTER_INTERVALS));
        refusals.tick();
        refusals.tick();

        assertThat(scheduler.operators()).extracting(OperatorState::name).containsExactly("bob");
    }
}
