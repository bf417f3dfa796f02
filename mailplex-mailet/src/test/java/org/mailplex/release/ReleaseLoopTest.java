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
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.BOB;
import static org.mailplex.plex.MemoryMailPlex.CAROL;
import static org.mailplex.plex.MemoryMailPlex.PLEX;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.Username;
import org.apache.james.mailrepository.api.MailKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.admin.PlexMetrics;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Release;
import org.mailplex.mailbox.FaultyMailboxes;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.Plex;
import org.mailplex.queue.HookedMailRepository;

/**
 * The release loop of a plex on James's in-memory parts: nothing thrown stops it or its reconcile
 * tick, a failed release hands the mail back, a true tie goes by roster order. Every clock here is
 * {@code Clock.systemUTC()}.
 */
class ReleaseLoopTest {
    /** The fastest tick a plex accepts: tests that need the tick wait for it, at most this long. */
    private static final String FAST_TICK = "100ms";
    private static final String NO_TICK = "1h";

    @TempDir
    Path stateFolder;

    private MemoryMailPlex james;
    private FaultyMailboxes mailboxes;

    @AfterEach
    void tearDown() {
        if (james != null) {
            james.close();
        }
    }

    private Plex start(MemoryMailPlex.Builder builder, String... overrides) throws Exception {
        james = builder.mailboxes(FaultyMailboxes::new).build();
        mailboxes = (FaultyMailboxes) james.mailboxes();
        return james.register(overrides);
    }

    private MemoryMailPlex.Builder james() {
        return MemoryMailPlex.builder(stateFolder);
    }

    private static List<String> released(Plex plex) {
        return plex.recentReleases().stream().map(Release::toString).collect(Collectors.toList());
    }

    private static void awaitReleases(Plex plex, int count) {
        await().until(() -> plex.recentReleases().size() >= count);
    }

    @Test
    void aDeliveryThrowingAnErrorShouldHandTheMailBackForALaterTick() throws Exception {
        Plex plex = start(james().withoutMailboxEvents(),
            PlexConfiguration.OPERATORS, ALICE, PlexConfiguration.RECONCILE_INTERVAL, FAST_TICK);
        mailboxes.failNextDelivery(new StackOverflowError("thrown by the test"));

        String key = plex.park(mail("first"));

        awaitReleases(plex, 1);
        assertThat(released(plex)).containsExactly(key + " -> " + ALICE);
        assertThat(mailboxes.deliveries()).isEqualTo(2);
        assertThat(james.subjects(ALICE)).containsExactly("first");
        assertThat(james.queue().size()).isZero();
    }

    @Test
    void theTickShouldGoOnAfterADeliveryThrewAnError() throws Exception {
        Plex plex = start(james().withoutMailboxEvents(),
            PlexConfiguration.OPERATORS, ALICE, PlexConfiguration.RECONCILE_INTERVAL, FAST_TICK);
        mailboxes.failNextDelivery(new StackOverflowError("thrown by the test"));
        plex.park(mail("first"));
        awaitReleases(plex, 1);

        // without mailbox events, only the tick reads mailboxes: one reading a tick
        int readings = mailboxes.readings();
        await().until(() -> mailboxes.readings() >= readings + 2);
    }

    @Test
    void aReadingThrowingAnErrorShouldNotStopTheTick() throws Exception {
        MemoryMailPlex.Builder builder = james().withoutMailboxEvents();
        james = builder.mailboxes(FaultyMailboxes::new).build();
        mailboxes = (FaultyMailboxes) james.mailboxes();
        mailboxes.failNextReading(new StackOverflowError("thrown by the test"));
        Plex plex = james.register(PlexConfiguration.OPERATORS, ALICE, PlexConfiguration.RECONCILE_INTERVAL, FAST_TICK);

        String key = plex.park(mail("first"));

        awaitReleases(plex, 1);
        assertThat(released(plex)).containsExactly(key + " -> " + ALICE);
        assertThat(mailboxes.readings()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aFailedDeliveryShouldGiveTheMailToTheNextOperatorInTheSamePass() throws Exception {
        Plex plex = start(james(), PlexConfiguration.RECONCILE_INTERVAL, NO_TICK);
        await().until(() -> plex.scheduler().operator(BOB).eligible());
        james.users().removeUser(Username.of(ALICE));

        String key = plex.park(mail("first"));

        awaitReleases(plex, 1);
        assertThat(released(plex)).containsExactly(key + " -> " + BOB);
        assertThat(mailboxes.deliveries()).isEqualTo(2);
        assertThat(plex.scheduler().operator(ALICE).available()).isFalse();
        assertThat(james.inbox(ALICE)).isEmpty();
    }

    @Test
    void anOperatorWhoseDeliveryFailedShouldTakeMailAgainAfterTheTick() throws Exception {
        Plex plex = start(james(), PlexConfiguration.OPERATORS, ALICE + ":2", PlexConfiguration.RECONCILE_INTERVAL, FAST_TICK);
        mailboxes.failNextDelivery(new MessagingRuntimeFailure());

        plex.park(mail("first"));
        plex.park(mail("second"));

        awaitReleases(plex, 2);
        assertThat(plex.scheduler().operator(ALICE).available()).isTrue();
        assertThat(james.subjects(ALICE)).containsExactly("first", "second");
    }

    @Test
    void anUnreadableQueueShouldStopThePassAndBeReadAgainOnTheTick() throws Exception {
        HookedMailRepository repository = new HookedMailRepository();
        AtomicInteger retrievals = new AtomicInteger();
        repository.beforeRetrieve(() -> {
            if (retrievals.incrementAndGet() == 1) {
                throw new MessagingException("thrown by the test");
            }
        });
        Plex plex = start(james().withoutMailboxEvents().repositoryStore(repository.asStore()),
            PlexConfiguration.OPERATORS, ALICE, PlexConfiguration.RECONCILE_INTERVAL, FAST_TICK);

        String key = plex.park(mail("first"));

        awaitReleases(plex, 1);
        assertThat(released(plex)).containsExactly(key + " -> " + ALICE);
        assertThat(retrievals.get()).isEqualTo(2);
        assertThat(repository.size()).isZero();
    }

    @Test
    void aMailGoneFromTheQueueShouldBeSkippedAndCounted() throws Exception {
        // the pass that meets a vanished mail stops there; the next reconcile tick releases the rest
        Plex plex = start(james(), PlexConfiguration.OPERATORS, ALICE, PlexConfiguration.RECONCILE_INTERVAL, "300ms");
        james.administration().pause(plex, ALICE);
        String gone = plex.park(mail("first"));
        String kept = plex.park(mail("second"));
        james.queue().remove(new MailKey(gone));

        james.administration().resume(plex, ALICE);

        awaitReleases(plex, 1);
        assertThat(released(plex)).containsExactly(kept + " -> " + ALICE);
        assertThat(plex.queueDepth()).isZero();
        assertThat(james.metricFactory().countFor(PlexMetrics.VANISHED + PLEX)).isEqualTo(1);
    }

    @Test
    void aQueueThatLosesWhatItReadsShouldCostOneMailAPassNotTheQueue() throws Exception {
        HookedMailRepository repository = new HookedMailRepository();
        Plex plex = start(james().withoutMailboxEvents().repositoryStore(repository.asStore()),
            PlexConfiguration.OPERATORS, ALICE + ", " + BOB + ", " + CAROL, PlexConfiguration.RECONCILE_INTERVAL, NO_TICK);
        for (String operator : List.of(ALICE, BOB, CAROL)) {
            james.administration().pause(plex, operator);
        }
        plex.park(mail("first"));
        plex.park(mail("second"));
        plex.park(mail("third"));
        // every pass the parking woke is over once a task queued behind them has run
        assertThat(plex.removeParked("0000000000000-000000-00000000", java.time.Duration.ofSeconds(10))).isFalse();
        repository.loseWhatItReads();

        // one resume wakes one pass: it stops at the first mail the queue lost
        james.administration().resume(plex, ALICE);

        await().untilAsserted(() -> assertThat(List.of(james.metricFactory().countFor(PlexMetrics.VANISHED + PLEX), plex.queueDepth())).containsExactly(1, 2));
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(500)).atMost(java.time.Duration.ofSeconds(2))
            .untilAsserted(() -> assertThat(List.of(james.metricFactory().countFor(PlexMetrics.VANISHED + PLEX), plex.queueDepth())).containsExactly(1, 2));
    }

    @Test
    void aHungDeliveryShouldFreezeNeitherTheLoopNorTheOtherOperators() throws Exception {
        Plex plex = start(james().withoutMailboxEvents(), PlexConfiguration.OPERATORS, ALICE + ", " + BOB,
            PlexConfiguration.RECONCILE_INTERVAL, FAST_TICK, PlexConfiguration.CALL_TIMEOUT, "200ms");
        FaultyMailboxes.Gate gate = mailboxes.holdNextDeliveryTo(ALICE);
        String first = plex.park(mail("first"));
        gate.awaitReached();

        // alice's delivery hangs: bob still gets the next mail, and an admin action still answers
        String second = plex.park(mail("second"));
        awaitReleases(plex, 1);
        assertThat(released(plex)).containsExactly(second + " -> " + BOB);
        String third = plex.park(mail("third"));
        long start = System.nanoTime();
        james.administration().delete(plex, third);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
        // alice counts as holding the hung mail: nothing more for her meanwhile
        assertThat(mailboxes.deliveries()).isEqualTo(2);
        assertThat(plex.scheduler().operator(ALICE).held()).isEqualTo(1);

        gate.open();

        awaitReleases(plex, 2);
        assertThat(released(plex)).containsExactly(second + " -> " + BOB, first + " -> " + ALICE);
        assertThat(james.subjects(ALICE)).containsExactly("first");
        assertThat(james.queue().size()).isZero();
        assertThat(mailboxes.deliveries()).isEqualTo(2);
    }

    @Test
    void theTickShouldSeeAMailboxEmptiedWithoutAnyEvent() throws Exception {
        Plex plex = start(james().withoutMailboxEvents(),
            PlexConfiguration.OPERATORS, ALICE, PlexConfiguration.RECONCILE_INTERVAL, FAST_TICK);
        plex.park(mail("first"));
        awaitReleases(plex, 1);
        String second = plex.park(mail("second"));
        assertThat(plex.scheduler().waitingKeys()).contains(second);

        james.empty(ALICE);

        awaitReleases(plex, 2);
        assertThat(james.subjects(ALICE)).containsExactly("second");
    }

    /**
     * Two busy operators become free while the loop is busy delivering to a third; the next pass
     * reads both, and the rule must see them free since one instant. The roster puts first the one
     * the loop reads second (its dirty set is a ConcurrentHashMap key set): reading each at its
     * own instant of the real clock would give the mail to the other one.
     */
    @RepeatedTest(50)
    void operatorsFoundFreeInOnePassShouldTieAndGoByRosterOrder() throws Exception {
        Set<String> readingOrder = ConcurrentHashMap.newKeySet();
        readingOrder.add(ALICE);
        readingOrder.add(BOB);
        Iterator<String> reading = readingOrder.iterator();
        String readFirst = reading.next();
        String firstOnRoster = reading.next();
        Plex plex = start(james(), PlexConfiguration.OPERATORS, firstOnRoster + ", " + readFirst + ", " + CAROL,
            PlexConfiguration.RECONCILE_INTERVAL, NO_TICK);
        plex.park(mail("one"));
        plex.park(mail("two"));
        plex.park(mail("three"));
        awaitReleases(plex, 3);
        assertThat(plex.recentReleases().stream().map(Release::operator)).containsExactly(firstOnRoster, readFirst, CAROL);
        String byHand = plex.park(mail("four"));
        String next = plex.park(mail("five"));
        assertThat(plex.scheduler().waitingKeys()).containsExactly(byHand, next);

        FaultyMailboxes.Gate gate = mailboxes.holdNextDeliveryTo(CAROL);
        CompletableFuture<Void> assigned = CompletableFuture.runAsync(() -> james.administration().assign(plex, byHand, CAROL));
        gate.awaitReached();
        james.empty(readFirst);
        james.empty(firstOnRoster);
        gate.open();
        assigned.get(10, TimeUnit.SECONDS);

        awaitReleases(plex, 5);
        assertThat(plex.recentReleases().get(4).key()).isEqualTo(next);
        assertThat(plex.recentReleases().get(4).operator()).isEqualTo(firstOnRoster);
    }

    /** A runtime failure of the mailbox layer. */
    private static final class MessagingRuntimeFailure extends RuntimeException {
        MessagingRuntimeFailure() {
            super("thrown by the test");
        }
    }
}
