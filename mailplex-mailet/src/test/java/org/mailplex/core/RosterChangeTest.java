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
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RosterChangeTest {
    private MutableClock clock;
    private PlexScheduler scheduler;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
        scheduler = new PlexScheduler(Roster.of(List.of("alice", "bob"), 1), clock);
        scheduler.observe("alice", 0);
        scheduler.observe("bob", 0);
    }

    private static RosterEntry entry(String operator, int capacity) {
        return new RosterEntry(operator, capacity, Optional.empty());
    }

    @Test
    void aNewOperatorShouldQueueBehindThoseWhoWaitedLonger() {
        clock.advance(Duration.ofMinutes(1));
        assertThat(scheduler.put(entry("carol", 1), OptionalInt.of(0))).isTrue();
        scheduler.observe("carol", 0);

        assertThat(scheduler.roster().operators()).containsExactly("carol", "alice", "bob");
        scheduler.park("k1");
        scheduler.park("k2");
        scheduler.park("k3");
        assertThat(scheduler.next().orElseThrow().operator()).isEqualTo("alice");
        assertThat(scheduler.next().orElseThrow().operator()).isEqualTo("bob");
        assertThat(scheduler.next().orElseThrow().operator()).isEqualTo("carol");
    }

    @Test
    void aNewOperatorShouldGetNothingBeforeHerMailboxIsRead() {
        scheduler.put(entry("carol", 1), OptionalInt.empty());
        scheduler.pause("alice");
        scheduler.pause("bob");
        scheduler.park("k1");

        assertThat(scheduler.next()).isEmpty();
        scheduler.observe("carol", 0);
        assertThat(scheduler.next().orElseThrow().operator()).isEqualTo("carol");
    }

    @Test
    void putShouldChangeTheCapacityAndThePlaceOfAnOperatorOnTheRoster() {
        assertThat(scheduler.put(new RosterEntry("bob", 2, Optional.of(Duration.ofMinutes(30))), OptionalInt.of(0))).isFalse();

        assertThat(scheduler.roster().operators()).containsExactly("bob", "alice");
        assertThat(scheduler.roster().capacity("bob")).isEqualTo(2);
        assertThat(scheduler.roster().reclaimAfter("bob")).contains(Duration.ofMinutes(30));
        assertThat(scheduler.operator("bob").capacity()).isEqualTo(2);
        // both free since the start: the roster order breaks the tie, and bob is first now
        scheduler.park("k1");
        assertThat(scheduler.next().orElseThrow().operator()).isEqualTo("bob");
    }

    @Test
    void aRemovedOperatorShouldGetNothingAndHerDeliveryInFlightShouldEnd() {
        scheduler.park("k1");
        Assignment toAlice = scheduler.next().orElseThrow();
        assertThat(toAlice.operator()).isEqualTo("alice");

        scheduler.remove("alice");
        scheduler.complete(toAlice);
        scheduler.observe("alice", 0);
        scheduler.markAvailable("alice");

        scheduler.park("k2");
        scheduler.park("k3");
        assertThat(scheduler.next().orElseThrow().operator()).isEqualTo("bob");
        assertThat(scheduler.next()).isEmpty();
        assertThat(scheduler.operators()).extracting(OperatorState::name).containsExactly("bob");
    }

    @Test
    void aFailedDeliveryToARemovedOperatorShouldWaitAgainForTheOthers() {
        scheduler.park("k1");
        Assignment toAlice = scheduler.next().orElseThrow();
        scheduler.remove("alice");

        scheduler.fail(toAlice);

        Assignment again = scheduler.next().orElseThrow();
        assertThat(again.key()).isEqualTo("k1");
        assertThat(again.operator()).isEqualTo("bob");
    }

    @Test
    void theFollowUpsOfARemovedOperatorShouldGoByTheRule() {
        scheduler.observe("alice", 1);
        scheduler.parkFor("k1", "alice");
        scheduler.remove("alice");
        scheduler.parkFor("k2", "alice");

        Assignment first = scheduler.next().orElseThrow();
        assertThat(first).isEqualTo(new Assignment("k1", "bob"));
        scheduler.complete(first);
        scheduler.observe("bob", 0);
        assertThat(scheduler.next().orElseThrow()).isEqualTo(new Assignment("k2", "bob"));
    }

    @Test
    void theLastOperatorShouldStayOnTheRoster() {
        scheduler.remove("alice");

        assertThatThrownBy(() -> scheduler.remove("bob")).isInstanceOf(IllegalArgumentException.class);
        assertThat(scheduler.roster().operators()).containsExactly("bob");
    }

    @Test
    void anOperatorOffDutyShouldGetNothingAndQueueBehindTheOthersWhenBack() {
        scheduler.onDuty("alice", false);
        scheduler.park("k1");
        Assignment toBob = scheduler.next().orElseThrow();
        assertThat(toBob.operator()).isEqualTo("bob");
        scheduler.complete(toBob);
        scheduler.observe("bob", 0);
        clock.advance(Duration.ofMinutes(1));
        scheduler.onDuty("alice", true);

        scheduler.park("k2");
        assertThat(scheduler.operator("alice").freeSince()).contains(clock.instant());
        assertThat(scheduler.next().orElseThrow().operator()).isEqualTo("bob");
    }

    @Test
    void aFollowUpShouldWaitWhileItsOperatorIsOffDuty() {
        scheduler.onDuty("alice", false);
        scheduler.parkFor("k1", "alice");
        scheduler.pause("bob");

        assertThat(scheduler.next()).isEmpty();
        scheduler.onDuty("alice", true);
        assertThat(scheduler.next().orElseThrow()).isEqualTo(new Assignment("k1", "alice"));
    }
}
