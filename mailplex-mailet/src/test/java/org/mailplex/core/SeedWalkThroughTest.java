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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The example paragraph of the README of MailPlex 1.1, Petr Baudis's Perl tool, replayed sentence by
 * sentence on the plain-Java rule, with roster [alice, bob] and capacity 1. The paragraph opens: "Example
 * situation: you have user help at machine 911.gov, which is watched by MailPlex, and local users alice
 * and bob, which are operators."; each following sentence is quoted above the method that plays it.
 *
 * <p>The mailbox is modelled as the seed sees it: an operator <em>receives</em> a mail when
 * {@link PlexScheduler#next()} hands them an {@link Assignment} that is then completed; an operator
 * <em>empties the mailbox</em> when it is observed holding 0 at the current instant; <em>at once</em>
 * means observed at the same instant. Both operators are observed empty at the scheduler's start,
 * so roster order decides the first mail.</p>
 *
 * <p>Each {@code sentenceN()} plays one sentence and checks it in its own assertion block; the
 * test for sentence N plays the sentences before it first, so every test starts from the story's
 * state at that point.</p>
 */
class SeedWalkThroughTest {
    private static final String ALICE = "alice";
    private static final String BOB = "bob";
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final Duration A_WHILE = Duration.ofMinutes(1);

    private MutableClock clock;
    private PlexScheduler scheduler;
    /** Every delivery so far, as "ticket->operator", in order. */
    private final List<String> route = new ArrayList<>();
    private int mailsSent;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(START);
        scheduler = new PlexScheduler(Roster.of(List.of(ALICE, BOB), 1), clock);
        scheduler.observe(ALICE, 0);
        scheduler.observe(BOB, 0);
    }

    // ---------------------------------------------------------------- the story, one sentence each

    /** "So, when first mail will come at help@911.gov, alice will receive it, next mail will receive bob." */
    private void sentence1() {
        assertThat(scheduler.operator(ALICE).freeSince()).contains(START);
        assertThat(scheduler.operator(BOB).freeSince()).contains(START);

        List<String> first = mailComes();
        List<String> second = mailComes();

        assertThat(first).containsExactly("mail-01->alice");
        assertThat(second).containsExactly("mail-02->bob");
        assertHolding(ALICE, 1);
        assertHolding(BOB, 1);
        assertThat(scheduler.waitingKeys()).isEmpty();
    }

    /** "Now both alice and bob have waiting mails, so when next three mails will come, they are just queued, and MailPlex is waiting..." */
    private void sentence2() {
        assertThat(scheduler.operator(ALICE).eligible()).isFalse();
        assertThat(scheduler.operator(BOB).eligible()).isFalse();

        List<String> delivered = new ArrayList<>();
        delivered.addAll(mailComes());
        delivered.addAll(mailComes());
        delivered.addAll(mailComes());

        assertThat(delivered).isEmpty();
        assertThat(scheduler.waitingKeys()).containsExactly("mail-03", "mail-04", "mail-05");
        assertThat(scheduler.operators()).noneMatch(OperatorState::eligible);
        assertThat(scheduler.next()).isEmpty();
        assertThat(scheduler.operators()).allMatch(operator -> operator.inFlight() == 0);
    }

    /** "Suddenly bob will get mail from his mailbox, so it will become empty, so MailPlex will send him next mail." */
    private void sentence3() {
        List<String> delivered = empty(BOB);

        assertThat(delivered).containsExactly("mail-03->bob");
        assertThat(scheduler.waitingKeys()).containsExactly("mail-04", "mail-05");
        assertHolding(ALICE, 1);
        assertHolding(BOB, 1);
    }

    /**
     * "Now, both bob and alice at once will empty their mailbox, so, because alice is first in @rcpts
     * list, she will get first mail and bob will get second."
     */
    private void sentence4() {
        clock.advance(A_WHILE);
        Instant atOnce = clock.instant();
        // bob is read first on purpose: within one instant the reading order must not matter
        scheduler.observe(BOB, 0);
        scheduler.observe(ALICE, 0);
        assertThat(scheduler.operator(ALICE).freeSince()).contains(atOnce);
        assertThat(scheduler.operator(BOB).freeSince()).contains(atOnce);

        List<String> delivered = dispatch();

        assertThat(delivered).containsExactly("mail-04->alice", "mail-05->bob");
    }

    /** "Now the queue is empty and operators are busy." */
    private void sentence5() {
        assertThat(scheduler.parkedCount()).isZero();
        assertThat(scheduler.waitingKeys()).isEmpty();
        assertHolding(ALICE, 1);
        assertHolding(BOB, 1);
        assertThat(scheduler.operator(ALICE).eligible()).isFalse();
        assertThat(scheduler.operator(BOB).eligible()).isFalse();
        assertThat(scheduler.operators()).noneMatch(OperatorState::eligible);
    }

    /** "Now first bob and then alice will empty their mailbox, so next mail will come to bob," */
    private void sentence6() {
        List<String> delivered = new ArrayList<>();
        delivered.addAll(empty(BOB));
        Instant bobEmptied = clock.instant();
        delivered.addAll(empty(ALICE));
        Instant aliceEmptied = clock.instant();
        assertThat(delivered).as("nothing waits, so nothing moves").isEmpty();
        assertThat(scheduler.operator(BOB).freeSince()).contains(bobEmptied);
        assertThat(scheduler.operator(ALICE).freeSince()).contains(aliceEmptied);

        delivered.addAll(mailComes());

        assertThat(delivered).containsExactly("mail-06->bob");
        assertHolding(BOB, 1);
        assertHolding(ALICE, 0);
    }

    /** "and even if bob will handle it before alice will get her one, next mail will belong to her" */
    private void sentence7() {
        Instant aliceFreeSince = scheduler.operator(ALICE).freeSince().orElseThrow();
        List<String> delivered = new ArrayList<>();
        delivered.addAll(empty(BOB));
        assertThat(delivered).isEmpty();
        assertThat(scheduler.operator(BOB).freeSince()).hasValueSatisfying(bob -> assertThat(bob).isAfter(aliceFreeSince));
        assertThat(scheduler.operator(ALICE).freeSince()).contains(aliceFreeSince);

        delivered.addAll(mailComes());

        assertThat(delivered).containsExactly("mail-07->alice");
        assertHolding(ALICE, 1);
        assertHolding(BOB, 0);
    }

    /** "and then next one to bob once more." */
    private void sentence8() {
        List<String> delivered = mailComes();

        assertThat(delivered).containsExactly("mail-08->bob");
        assertHolding(ALICE, 1);
        assertHolding(BOB, 1);
        assertThat(scheduler.waitingKeys()).isEmpty();
    }

    // ---------------------------------------------------------------- the tests

    @Test
    void firstMailShouldGoToAliceThenBob() {
        sentence1();
    }

    @Test
    void mailShouldWaitWhenAllOperatorsBusy() {
        sentence1();
        sentence2();
    }

    @Test
    void bobShouldGetTheNextMailWhenHisMailboxBecomesEmpty() {
        sentence1();
        sentence2();
        sentence3();
    }

    @Test
    void bothEmptyingAtOnceShouldServeAliceFirstByRosterOrder() {
        sentence1();
        sentence2();
        sentence3();
        sentence4();
    }

    @Test
    void queueShouldBeEmptyAndOperatorsBusyAfterBothGotTheirMail() {
        sentence1();
        sentence2();
        sentence3();
        sentence4();
        sentence5();
    }

    @Test
    void nextMailShouldGoToBobWhoEmptiedFirst() {
        sentence1();
        sentence2();
        sentence3();
        sentence4();
        sentence5();
        sentence6();
    }

    @Test
    void nextMailShouldBelongToAliceEvenIfBobHandledHisBeforeShe() {
        sentence1();
        sentence2();
        sentence3();
        sentence4();
        sentence5();
        sentence6();
        sentence7();
    }

    @Test
    void mailAfterThatShouldGoToBobOnceMore() {
        sentence1();
        sentence2();
        sentence3();
        sentence4();
        sentence5();
        sentence6();
        sentence7();
        sentence8();
    }

    @Test
    void seedWalkThroughShouldRouteEveryMailAsTheSeedSays() {
        sentence1();
        sentence2();
        sentence3();
        sentence4();
        sentence5();
        sentence6();
        sentence7();
        sentence8();

        assertThat(route).containsExactly(
            "mail-01->alice",
            "mail-02->bob",
            "mail-03->bob",
            "mail-04->alice",
            "mail-05->bob",
            "mail-06->bob",
            "mail-07->alice",
            "mail-08->bob");
        assertThat(route.stream().filter(step -> step.endsWith("->alice"))).hasSize(3);
        assertThat(route.stream().filter(step -> step.endsWith("->bob"))).hasSize(5);
        assertThat(scheduler.operators()).allMatch(operator -> operator.inFlight() == 0);
    }

    @Test
    void readingOrderWithinOneInstantShouldNotChangeWhoIsServedFirst() {
        sentence1();
        sentence2();
        sentence3();
        clock.advance(A_WHILE);
        scheduler.observe(ALICE, 0);
        scheduler.observe(BOB, 0);

        assertThat(dispatch()).containsExactly("mail-04->alice", "mail-05->bob");
    }

    @Test
    void mailShouldKeepWaitingWhileOnlyAliceIsReadAsBusyAgain() {
        sentence1();
        sentence2();
        // a reading that still shows alice's mail moves nothing
        clock.advance(A_WHILE);
        scheduler.observe(ALICE, 1);

        assertThat(dispatch()).isEmpty();
        assertThat(scheduler.waitingKeys()).containsExactly("mail-03", "mail-04", "mail-05");
    }

    // ---------------------------------------------------------------- the mailbox model

    /** A mail comes to help@: it is parked, then MailPlex dispatches what it can. Returns what was delivered. */
    private List<String> mailComes() {
        clock.advance(A_WHILE);
        String ticket = String.format("mail-%02d", ++mailsSent);
        scheduler.park(ticket);
        return dispatch();
    }

    /** {@code operator} empties the mailbox now; MailPlex reads it and dispatches. Returns what was delivered. */
    private List<String> empty(String operator) {
        clock.advance(A_WHILE);
        scheduler.observe(operator, 0);
        return dispatch();
    }

    /** Receiving: every assignment is delivered (completed) at once, as the seed's resend.pl did. */
    private List<String> dispatch() {
        List<String> delivered = new ArrayList<>();
        Optional<Assignment> next;
        while ((next = scheduler.next()).isPresent()) {
            Assignment assignment = next.get();
            assertThat(scheduler.operator(assignment.operator()).inFlight()).isEqualTo(1);
            scheduler.complete(assignment);
            delivered.add(assignment.key() + "->" + assignment.operator());
        }
        route.addAll(delivered);
        return delivered;
    }

    private void assertHolding(String operator, long held) {
        OperatorState state = scheduler.operator(operator);
        assertThat(state.held()).as("%s holds", operator).isEqualTo(held);
        assertThat(state.inFlight()).as("%s in flight", operator).isZero();
    }
}
