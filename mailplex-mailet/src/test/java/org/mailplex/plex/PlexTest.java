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
import static org.mailplex.plex.MemoryMailPlex.address;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;
import static org.mailplex.plex.MemoryMailPlex.rawMessage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.admin.PlexMetrics;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Release;
import org.mailplex.matcher.MailPlexHeaders;
import org.mailplex.queue.HookedMailRepository;
import org.mailplex.queue.ParkedQueue;

import com.google.common.collect.ObjectArrays;

/**
 * One plex on James's in-memory mailboxes, users and mail repository, with a memory.clock() the test moves:
 * parking, release to the free operator, FIFO order across restarts, mailbox events.
 */
class PlexTest {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    /** Only the tick at start: whatever else happens is the work of parking and mailbox events. */
    private static final String NO_TICK = "1h";

    @RegisterExtension
    final MemoryMailPlexExtension memory = new MemoryMailPlexExtension(START);

    private Plex register(String... overrides) throws MessagingException {
        return memory.james().register(ObjectArrays.concat(new String[] {PlexConfiguration.RECONCILE_INTERVAL, NO_TICK}, overrides, String.class));
    }

    private static List<String> released(Plex plex) {
        return plex.recentReleases().stream().map(Release::toString).collect(Collectors.toList());
    }

    private static void awaitReleases(Plex plex, int count) {
        await().until(() -> plex.recentReleases().size() >= count);
    }

    private void pauseEveryone(Plex plex) {
        memory.james().administration().pause(plex, ALICE);
        memory.james().administration().pause(plex, BOB);
    }

    @Test
    void parkedMailShouldBeReleasedToTheFreeOperator() throws Exception {
        memory.james().append(ALICE, "alice's own mail");
        Plex plex = register();

        String key = plex.park(mail("first"));

        awaitReleases(plex, 1);
        assertThat(released(plex)).containsExactly(key + " -> " + BOB);
        assertThat(memory.james().subjects(BOB)).containsExactly("first");
        assertThat(memory.james().subjects(ALICE)).containsExactly("alice's own mail");
        assertThat(memory.james().queue().size()).isZero();
        assertThat(plex.queueDepth()).isZero();
    }

    @Test
    void releasedMailShouldBeTheParkedBytesBelowTheTraceHeaders() throws Exception {
        Plex plex = register(PlexConfiguration.OPERATORS, ALICE);

        String key = plex.park(mail("first"));

        awaitReleases(plex, 1);
        assertThat(new String(memory.james().inbox(ALICE).get(0), StandardCharsets.UTF_8)).isEqualTo(
            "Return-Path: <" + MemoryMailPlex.CUSTOMER + ">\r\n"
                + "Delivered-To: " + ALICE + "\r\n"
                + MailPlexHeaders.PLEX + ": " + PLEX + "\r\n"
                + MailPlexHeaders.OPERATOR + ": " + ALICE + "\r\n"
                + MailPlexHeaders.QUEUED_AT + ": Wed, 25 Nov 2026 10:00:00 GMT\r\n"
                + MailPlexHeaders.TICKET + ": " + key + "\r\n"
                + MailPlexHeaders.SIGNATURE + ": " + memory.james().signer().sign(PLEX, key, org.mailplex.trace.MessageBinding.of(mail("first").getMessage())) + "\r\n"
                + new String(rawMessage("first", "<first@example.org>"), StandardCharsets.UTF_8));
    }

    @Test
    void parkShouldStoreTheCopyBeforeReturning() throws Exception {
        Plex plex = register();
        pauseEveryone(plex);

        String key = plex.park(mail("first"));

        assertThat(new ParkedQueue(address(PLEX), memory.james().queue()).keys()).containsExactly(key);
        assertThat(plex.queueDepth()).isEqualTo(1);
    }

    @Test
    void releasesShouldFollowTheParkingOrder() throws Exception {
        Plex plex = register(PlexConfiguration.OPERATORS, ALICE + ":3, " + BOB);
        pauseEveryone(plex);
        String first = plex.park(mail("first"));
        memory.clock().advance(Duration.ofSeconds(1));
        String second = plex.park(mail("second"));
        String third = plex.park(mail("third"));

        memory.james().administration().resume(plex, ALICE);

        awaitReleases(plex, 3);
        assertThat(released(plex)).containsExactly(first + " -> " + ALICE, second + " -> " + ALICE, third + " -> " + ALICE);
        assertThat(memory.james().subjects(ALICE)).containsExactly("first", "second", "third");
    }

    @Test
    void releaseShouldRecordHowLongTheMailWaited() throws Exception {
        Plex plex = register();
        pauseEveryone(plex);
        String key = plex.park(mail("first"));
        memory.clock().advance(Duration.ofSeconds(90));

        memory.james().administration().resume(plex, BOB);

        awaitReleases(plex, 1);
        Release release = plex.recentReleases().get(0);
        assertThat(release.key()).isEqualTo(key);
        assertThat(release.waited()).isEqualTo(Duration.ofSeconds(90));
        assertThat(release.releasedAt()).isEqualTo(START.plusSeconds(90));
        assertThat(release.messageId()).contains("<first@example.org>");
        await().untilAsserted(() -> assertThat(memory.james().state().waits(PLEX, BOB).maxMillis()).isEqualTo(90_000));
        assertThat(memory.james().state().state(PLEX).dispatched(BOB)).isEqualTo(1);
        assertThat(memory.james().metricFactory().countFor(PlexMetrics.DISPATCHED + PLEX)).isEqualTo(1);
    }

    @Test
    void restartShouldKeepTheQueueInParkingOrderWhenTheClockIsBehind() throws Exception {
        Plex plex = register(PlexConfiguration.OPERATORS, ALICE + ":3, " + BOB);
        pauseEveryone(plex);
        String first = plex.park(mail("first"));
        String second = plex.park(mail("second"));
        memory.james().service().unregister(address(PLEX));
        memory.clock().set(START.minus(Duration.ofHours(1)));

        Plex restarted = register(PlexConfiguration.OPERATORS, ALICE + ":3, " + BOB);
        await().until(() -> restarted.queueDepth() == 2);
        String third = restarted.park(mail("third"));
        memory.james().administration().resume(restarted, ALICE);

        assertThat(third).isGreaterThan(second);
        awaitReleases(restarted, 3);
        assertThat(released(restarted)).containsExactly(first + " -> " + ALICE, second + " -> " + ALICE, third + " -> " + ALICE);
        assertThat(memory.james().subjects(ALICE)).containsExactly("first", "second", "third");
    }

    /**
     * The plex lists its queue on its loop after {@code register} returned, and only then carries
     * its keys on after the newest parked one: a mail parked in between gets a key from a memory.clock()
     * that is behind. Held here by a listing that waits for the test.
     */
    @Test
    void mailParkedRightAfterARestartShouldStillSortAfterTheMailParkedBefore() throws Exception {
        HookedMailRepository repository = new HookedMailRepository();
        memory.rebuild(memory.builder().repositoryStore(repository.asStore()));
        Plex plex = register(PlexConfiguration.OPERATORS, ALICE + ":3, " + BOB);
        pauseEveryone(plex);
        String first = plex.park(mail("first"));
        memory.james().service().unregister(address(PLEX));
        memory.clock().set(START.minus(Duration.ofHours(1)));
        CountDownLatch listed = new CountDownLatch(1);
        repository.beforeList(() -> {
            try {
                listed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        Plex restarted = register(PlexConfiguration.OPERATORS, ALICE + ":3, " + BOB);
        String second = restarted.park(mail("second"));
        listed.countDown();

        assertThat(second).isGreaterThan(first);
    }

    @Test
    void parkUnlessFullShouldParkNothingPastMaxParked() throws Exception {
        Plex plex = register(PlexConfiguration.MAX_PARKED, "2");
        pauseEveryone(plex);

        assertThat(plex.parkUnlessFull(mail("first"), 2)).isPresent();
        assertThat(plex.parkUnlessFull(mail("second"), 2)).isPresent();
        assertThat(plex.parkUnlessFull(mail("third"), 2)).isEmpty();

        assertThat(plex.queueDepth()).isEqualTo(2);
        assertThat(memory.james().queue().size()).isEqualTo(2);
    }

    @Test
    void anOperatorEmptyingTheirMailboxShouldGetTheNextMail() throws Exception {
        Plex plex = register(PlexConfiguration.OPERATORS, ALICE);
        plex.park(mail("first"));
        awaitReleases(plex, 1);
        String second = plex.park(mail("second"));
        assertThat(plex.scheduler().waitingKeys()).contains(second);

        memory.james().empty(ALICE);

        awaitReleases(plex, 2);
        assertThat(memory.james().subjects(ALICE)).containsExactly("second");
    }

    @Test
    void anOperatorReadingTheirMailShouldGetTheNextMailWhenBusyWhenUnseen() throws Exception {
        Plex plex = register(PlexConfiguration.OPERATORS, ALICE, PlexConfiguration.BUSY_WHEN, "unseen");
        plex.park(mail("first"));
        awaitReleases(plex, 1);
        String second = plex.park(mail("second"));
        assertThat(plex.scheduler().waitingKeys()).contains(second);

        memory.james().readAll(ALICE);

        awaitReleases(plex, 2);
        assertThat(memory.james().subjects(ALICE)).containsExactly("first", "second");
    }

    @Test
    void aFollowUpShouldGoBackToTheOperatorOfItsConversationWhenSticky() throws Exception {
        Plex plex = register(PlexConfiguration.STICKY, "true");
        plex.park(mail("first"));
        awaitReleases(plex, 1);
        assertThat(plex.recentReleases().get(0).operator()).isEqualTo(ALICE);
        await().until(() -> memory.james().state().state(PLEX).dispatched(ALICE) == 1);

        FakeMail followUp = mail("follow-up");
        followUp.getMessage().setHeader("In-Reply-To", "<first@example.org>");
        String key = plex.park(followUp);

        awaitReleases(plex, 2);
        assertThat(released(plex)).contains(key + " -> " + ALICE);
        assertThat(memory.james().subjects(BOB)).isEmpty();
    }

    @Test
    void assignNowShouldDeliverToThePausedOperatorNamed() throws Exception {
        Plex plex = register();
        pauseEveryone(plex);
        String key = plex.park(mail("first"));

        assertThat(plex.assignNow(key, BOB, Duration.ofSeconds(10))).isEqualTo(Plex.ManualAssignment.DELIVERED);

        assertThat(memory.james().subjects(BOB)).containsExactly("first");
        assertThat(plex.queueDepth()).isZero();
        assertThat(plex.assignNow(key, BOB, Duration.ofSeconds(10))).isEqualTo(Plex.ManualAssignment.GONE);
    }

    @Test
    void removeParkedShouldTakeTheMailOutForGood() throws Exception {
        Plex plex = register();
        pauseEveryone(plex);
        String removed = plex.park(mail("first"));
        String kept = plex.park(mail("second"));

        assertThat(plex.removeParked(removed, Duration.ofSeconds(10))).isTrue();
        assertThat(plex.removeParked(removed, Duration.ofSeconds(10))).isFalse();
        memory.james().administration().resume(plex, ALICE);

        awaitReleases(plex, 1);
        assertThat(released(plex)).containsExactly(kept + " -> " + ALICE);
        assertThat(memory.james().queue().size()).isZero();
    }
}
