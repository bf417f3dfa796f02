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

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StickyRoutingTest {
    private static final String ALICE = "alice";
    private static final String BOB = "bob";

    private PlexScheduler scheduler;

    @BeforeEach
    void setUp() {
        scheduler = new PlexScheduler(Roster.of(List.of(ALICE, BOB), 1), Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
        scheduler.observe(ALICE, 0);
        scheduler.observe(BOB, 0);
    }

    private Assignment deliverNext() {
        Assignment assignment = scheduler.next().orElseThrow(() -> new AssertionError("expected an assignment"));
        scheduler.complete(assignment);
        return assignment;
    }

    @Test
    void followUpShouldGoToItsOperatorEvenWhenBusy() {
        scheduler.park("t1");
        assertThat(deliverNext().operator()).isEqualTo(ALICE);

        scheduler.parkFor("t2", ALICE);

        assertThat(deliverNext()).isEqualTo(new Assignment("t2", ALICE));
        assertThat(scheduler.operator(ALICE).held()).isEqualTo(2);
    }

    @Test
    void aFloodOfFollowUpsShouldTakeItsOperatorNoFurtherThanTheStickyExtra() {
        scheduler.observe(ALICE, 1);
        scheduler.observe(BOB, 1);
        for (int i = 1; i <= 5; i++) {
            scheduler.parkFor("f" + i, ALICE);
        }

        assertThat(deliverNext()).isEqualTo(new Assignment("f1", ALICE));
        // alice holds capacity 1 + extra 1: the other follow-ups wait like any mail
        assertThat(scheduler.next()).isEmpty();
        assertThat(scheduler.operator(ALICE).held()).isEqualTo(1 + PlexScheduler.DEFAULT_STICKY_EXTRA);

        scheduler.observe(BOB, 0);
        assertThat(deliverNext()).isEqualTo(new Assignment("f2", BOB));
        assertThat(scheduler.waitingKeys()).containsExactly("f3", "f4", "f5");
    }

    @Test
    void stickyExtraZeroShouldKeepFollowUpsWithinCapacity() {
        scheduler = new PlexScheduler(Roster.of(List.of(ALICE, BOB), 1), Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC), 0);
        scheduler.observe(ALICE, 1);
        scheduler.observe(BOB, 1);
        scheduler.parkFor("f1", ALICE);

        assertThat(scheduler.next()).isEmpty();

        scheduler.observe(ALICE, 0);
        assertThat(deliverNext()).isEqualTo(new Assignment("f1", ALICE));
    }

    @Test
    void followUpShouldJumpAheadOfOlderTicketsForItsOperator() {
        scheduler.observe(ALICE, 1);
        scheduler.observe(BOB, 1);
        scheduler.park("t1");
        scheduler.parkFor("t2", BOB);

        assertThat(deliverNext()).isEqualTo(new Assignment("t2", BOB));
        assertThat(scheduler.waitingKeys()).containsExactly("t1");
        assertThat(scheduler.next()).isEmpty();
    }

    @Test
    void followUpForAPausedOperatorShouldWaitAndFollowTheRule() {
        scheduler.pause(ALICE);
        scheduler.parkFor("t1", ALICE);

        assertThat(deliverNext()).isEqualTo(new Assignment("t1", BOB));
    }

    @Test
    void followUpForAnUnavailableOperatorShouldFollowTheRule() {
        scheduler.markUnavailable(BOB);
        scheduler.observe(ALICE, 1);
        scheduler.parkFor("t1", BOB);

        assertThat(scheduler.next()).isEmpty();
        scheduler.markAvailable(BOB);
        assertThat(deliverNext()).isEqualTo(new Assignment("t1", BOB));
    }

    @Test
    void forgetShouldDropAStickyTicket() {
        scheduler.observe(ALICE, 1);
        scheduler.observe(BOB, 1);
        scheduler.parkFor("t1", ALICE);

        assertThat(scheduler.forget("t1")).isTrue();
        assertThat(scheduler.next()).isEmpty();
    }

    @Test
    void parkForAnOperatorNotOnTheRosterShouldParkByTheRule() {
        // she may have been taken off the roster while her follow-up was being parked
        scheduler.parkFor("t1", "mallory");

        assertThat(scheduler.waitingKeys()).containsExactly("t1");
        assertThat(scheduler.operators()).extracting(OperatorState::name).doesNotContain("mallory");
    }

    @Test
    void conversationsShouldFindTheMostRecentKnownReference() {
        Conversations memory = new Conversations(10);
        memory.remember("<q1@example.org>", ALICE);
        memory.remember("a1@mailplex.local", BOB);

        assertThat(memory.operatorFor(List.of("unknown@x", "a1@mailplex.local", "q1@example.org"))).contains(BOB);
        assertThat(memory.operatorFor(List.of("<q1@example.org>"))).contains(ALICE);
        assertThat(memory.operatorFor(List.of("nope@x"))).isEmpty();
    }

    @Test
    void conversationsShouldForgetTheLeastRecentlyUsedPastItsCapacity() {
        Conversations memory = new Conversations(2);
        memory.remember("m1@x", ALICE);
        memory.remember("m2@x", BOB);
        memory.operatorFor(List.of("m1@x"));
        memory.remember("m3@x", BOB);

        assertThat(memory.size()).isEqualTo(2);
        assertThat(memory.operatorFor(List.of("m2@x"))).isEmpty();
        assertThat(memory.operatorFor(List.of("m1@x"))).contains(ALICE);
    }

    @Test
    void conversationsShouldRestoreItsEntriesInRecencyOrder() {
        Conversations memory = new Conversations(2);
        memory.remember("m1@x", ALICE);
        memory.remember("m2@x", BOB);

        Conversations restored = new Conversations(2);
        restored.restore(memory.entries());
        restored.remember("m3@x", ALICE);

        assertThat(restored.entries()).containsExactly(Map.entry("m2@x", BOB), Map.entry("m3@x", ALICE));
    }

    @Test
    void referencesShouldGiveInReplyToThenReferencesNewestFirst() {
        assertThat(Conversations.references("<r@x>", "<a@x> <b@y>\r\n\t<c@z>")).containsExactly("r@x", "c@z", "b@y", "a@x");
        assertThat(Conversations.references("garbage", null)).isEmpty();
        assertThat(Conversations.references(null, null)).isEmpty();
        assertThat(Conversations.normalise("  <>  ")).isEqualTo(Optional.empty());
    }

    @Test
    void referencesShouldBeBoundedInCountAndLength() {
        String many = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "<m" + i + "@x>")
            .collect(java.util.stream.Collectors.joining(" "));
        String tooLong = "<" + "a".repeat(Conversations.MAX_ID_LENGTH + 1) + "@x>";

        assertThat(Conversations.references(null, many))
            .hasSize(Conversations.MAX_REFERENCES)
            .startsWith("m999@x");
        assertThat(Conversations.references(tooLong, null)).isEmpty();
    }

    @Test
    void aReusedMessageIdShouldNeverMoveAConversation() {
        Conversations memory = new Conversations(10);
        memory.remember("<q1@example.org>", ALICE);
        memory.remember("<q1@example.org>", BOB);

        assertThat(memory.operatorFor(List.of("q1@example.org"))).contains(ALICE);
    }

    @Test
    void conversationsShouldRefuseAZeroCapacity() {
        assertThatThrownBy(() -> new Conversations(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
