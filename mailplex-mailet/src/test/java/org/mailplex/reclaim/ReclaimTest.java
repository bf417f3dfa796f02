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

package org.mailplex.reclaim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.BOB;
import static org.mailplex.plex.MemoryMailPlex.PLEX;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import javax.mail.Flags;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.mailet.base.test.FakeMail;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.admin.PlexMetrics;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.PlexEvents;
import org.mailplex.core.Release;
import org.mailplex.mailbox.OperatorMailboxes;
import org.mailplex.matcher.MailPlexHeaders;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.MemoryMailPlexExtension;
import org.mailplex.plex.Plex;
import org.mailplex.queue.ParkedMail;
import org.mailplex.queue.ParkedQueue;
import org.mailplex.state.FileAwayStore;
import org.mailplex.state.MessageLocation;
import org.mailplex.state.PlexFolders;
import org.mailplex.state.ReclaimJournal;

import com.google.common.collect.ObjectArrays;

/**
 * Reclaim and away on James's in-memory mailboxes with a memory.clock() the test moves: a mail an operator
 * never opened within reclaimAfter goes back to the front of the queue, the operator is away
 * until they read or delete the notice, and a crash mid-reclaim is finished at the next start.
 */
class ReclaimTest {
    private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
    private static final String RECLAIM_AFTER = "30m";

    @RegisterExtension
    final MemoryMailPlexExtension memory = new MemoryMailPlexExtension(START);

    private Plex register(String... overrides) throws Exception {
        return memory.james().register(ObjectArrays.concat(new String[] {PlexConfiguration.RECONCILE_INTERVAL, "100ms",
            PlexConfiguration.RECLAIM_AFTER, RECLAIM_AFTER}, overrides, String.class));
    }

    /** What must not happen does not, for half a second of passes every 100 ms however soon it would have. */
    private static void holdsThroughout(ThrowingRunnable assertion) {
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(assertion);
    }

    private static List<String> released(Plex plex) {
        return plex.recentReleases().stream().map(Release::toString).collect(Collectors.toList());
    }

    private static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(null, new ByteArrayInputStream(raw));
    }

    /** alice gets the first mail and leaves it unopened past reclaimAfter; bob is busy with his own mail. */
    private String aliceLeavesHerMailUnopened(Plex plex) throws Exception {
        String key = plex.park(mail("first"));
        await().until(() -> plex.recentReleases().size() == 1);
        assertThat(released(plex)).containsExactly(key + " -> " + ALICE);
        memory.clock().advance(Duration.ofMinutes(31));
        return key;
    }

    @Test
    void deliveriesShouldCarryReturnPathAndDeliveredToAndAReclaimShouldKeepTheEnvelopeSender() throws Exception {
        Plex plex = register();
        FakeMail bounced = FakeMail.builder()
            .name("from-a-list")
            .sender("bounces@lists.example.org")
            .recipient(PLEX)
            .mimeMessage(MemoryMailPlex.verbatim(MemoryMailPlex.rawMessage("first", "<first@example.org>")))
            .build();
        plex.park(bounced);
        await().until(() -> plex.recentReleases().size() == 1);
        MimeMessage atAlice = parse(memory.james().inbox(ALICE).get(0));
        assertThat(atAlice.getHeader("Return-Path")[0]).isEqualTo("<bounces@lists.example.org>");
        assertThat(atAlice.getHeader("Delivered-To")).containsExactly(ALICE);

        memory.clock().advance(Duration.ofMinutes(31));

        await().until(() -> plex.recentReleases().size() == 2);
        MimeMessage atBob = parse(memory.james().inbox(BOB).get(0));
        assertThat(atBob.getHeader("Return-Path")[0]).isEqualTo("<bounces@lists.example.org>");
        assertThat(atBob.getHeader("Delivered-To")).containsExactly(BOB);
    }

    @Test
    void aLostNoticeWithTheClockBehindShouldBeLeftOnceAndBringTheOperatorBackWhenRead() throws Exception {
        Plex plex = register();
        aliceLeavesHerMailUnopened(plex);
        await().until(() -> memory.james().away().isAway(ALICE) && memory.james().subjects(ALICE).size() == 1);
        // the notice is lost with the mailbox, and the memory.clock() steps back behind the recorded away time
        MailboxSession session = memory.james().mailboxManager().createSystemSession(Username.of(ALICE));
        memory.james().mailboxManager().deleteMailbox(MailboxPath.inbox(Username.of(ALICE)), session);
        memory.clock().advance(Duration.ofHours(-1));

        await().until(() -> memory.james().subjects(ALICE).size() == 1);
        holdsThroughout(() -> assertThat(memory.james().subjects(ALICE)).singleElement().asString().contains("you are away from " + PLEX));

        memory.james().readAll(ALICE);

        await().until(() -> !memory.james().away().isAway(ALICE));
    }

    @Test
    void aMailOpenedThenMarkedUnreadShouldNeverBeTakenBack() throws Exception {
        Plex plex = register();
        String key = plex.park(mail("first"));
        await().until(() -> plex.recentReleases().size() == 1);
        // "keep as unread to follow up": opened, then marked unread again
        memory.james().readAll(ALICE);
        memory.james().unreadAll(ALICE);

        memory.clock().advance(Duration.ofMinutes(31));

        holdsThroughout(() -> {
            assertThat(released(plex)).containsExactly(key + " -> " + ALICE);
            assertThat(memory.james().subjects(ALICE)).containsExactly("first");
            assertThat(plex.scheduler().operator(ALICE).away()).isFalse();
        });
    }

    @Test
    void unopenedMailShouldBeTakenBackAndGoToTheNextOperatorWithItsTrace() throws Exception {
        Plex plex = register();
        String key = aliceLeavesHerMailUnopened(plex);

        await().until(() -> plex.recentReleases().size() == 2);

        assertThat(released(plex)).containsExactly(key + " -> " + ALICE, key + " -> " + BOB);
        MimeMessage atBob = parse(memory.james().inbox(BOB).get(0));
        assertThat(atBob.getSubject()).isEqualTo("first");
        assertThat(atBob.getHeader(MailPlexHeaders.RECLAIMED)).singleElement().asString().startsWith(ALICE + "; ");
        assertThat(atBob.getHeader(MailPlexHeaders.TICKET)).containsExactly(key);
        String raw = new String(memory.james().inbox(BOB).get(0), StandardCharsets.ISO_8859_1);
        assertThat(raw.indexOf(MailPlexHeaders.RECLAIMED)).isLessThan(raw.indexOf(MailPlexHeaders.PLEX + ":"));
        assertThat(memory.james().subjects(ALICE)).singleElement().asString().contains("you are away from " + PLEX);
        assertThat(plex.scheduler().operator(ALICE).away()).isTrue();
        assertThat(memory.james().away().awaySince(ALICE)).contains(START.plus(Duration.ofMinutes(31)));
        assertThat(memory.james().state().state(PLEX).reclaimed(ALICE)).isEqualTo(1);
        assertThat(memory.james().metricFactory().countFor(PlexMetrics.RECLAIMED + PLEX)).isEqualTo(1);
    }

    @Test
    void theNoticeShouldNotCountAsHeld() throws Exception {
        Plex plex = register();
        aliceLeavesHerMailUnopened(plex);
        await().until(() -> plex.recentReleases().size() == 2);

        await().until(() -> plex.scheduler().operator(ALICE).observedHeld().orElse(-1L) == 0);
        assertThat(memory.james().inbox(ALICE)).hasSize(1);
    }

    @Test
    void anAwayOperatorShouldGetNothingEvenWhenEmptyLongest() throws Exception {
        Plex plex = register();
        aliceLeavesHerMailUnopened(plex);
        await().until(() -> plex.recentReleases().size() == 2);

        memory.james().empty(BOB);
        String next = plex.park(mail("second"));

        await().until(() -> plex.recentReleases().size() == 3);
        assertThat(released(plex).get(2)).isEqualTo(next + " -> " + BOB);
        plex.park(mail("third"));
        holdsThroughout(() -> {
            assertThat(plex.queueDepth()).isEqualTo(1);
            assertThat(memory.james().subjects(ALICE)).hasSize(1);
        });
    }

    @Test
    void readingTheNoticeShouldBringTheOperatorBack() throws Exception {
        Plex plex = register();
        aliceLeavesHerMailUnopened(plex);
        await().until(() -> plex.recentReleases().size() == 2);
        String waiting = plex.park(mail("second"));

        memory.james().readAll(ALICE);

        await().until(() -> plex.recentReleases().size() == 3);
        assertThat(released(plex).get(2)).isEqualTo(waiting + " -> " + ALICE);
        assertThat(memory.james().away().isAway(ALICE)).isFalse();
    }

    @Test
    void deletingTheNoticeShouldBringTheOperatorBack() throws Exception {
        Plex plex = register();
        aliceLeavesHerMailUnopened(plex);
        await().until(() -> plex.recentReleases().size() == 2);
        String waiting = plex.park(mail("second"));

        memory.james().empty(ALICE);

        await().until(() -> plex.recentReleases().size() == 3);
        assertThat(released(plex).get(2)).isEqualTo(waiting + " -> " + ALICE);
        assertThat(memory.james().away().notices(ALICE)).isEmpty();
    }

    @Test
    void anAdminResumeShouldBringTheOperatorBack() throws Exception {
        Plex plex = register();
        aliceLeavesHerMailUnopened(plex);
        await().until(() -> plex.recentReleases().size() == 2);

        memory.james().administration().resume(plex, ALICE);

        assertThat(plex.scheduler().operator(ALICE).away()).isFalse();
        assertThat(memory.james().away().isAway(ALICE)).isFalse();
    }

    @Test
    void aMailTheOperatorOpenedShouldNeverBeTakenBack() throws Exception {
        Plex plex = register();
        plex.park(mail("first"));
        await().until(() -> plex.recentReleases().size() == 1);
        memory.james().readAll(ALICE);

        memory.clock().advance(Duration.ofHours(5));

        holdsThroughout(() -> {
            assertThat(plex.recentReleases()).hasSize(1);
            assertThat(memory.james().subjects(ALICE)).containsExactly("first");
            assertThat(plex.scheduler().operator(ALICE).away()).isFalse();
        });
        // the control: passes do run, and take back bob's mail that nobody opened, not alice's opened one
        plex.park(mail("second"));
        await().until(() -> memory.james().subjects(BOB).size() == 1);
        memory.clock().advance(Duration.ofMinutes(31));
        await().until(() -> memory.james().away().isAway(BOB));
        assertThat(memory.james().away().isAway(ALICE)).isFalse();
        assertThat(memory.james().subjects(ALICE)).containsExactly("first");
    }

    @Test
    void aMailShouldNotBeTakenBackBeforeReclaimAfter() throws Exception {
        Plex plex = register();
        plex.park(mail("first"));
        await().until(() -> plex.recentReleases().size() == 1);

        memory.clock().advance(Duration.ofMinutes(29));

        holdsThroughout(() -> {
            assertThat(memory.james().subjects(ALICE)).containsExactly("first");
            assertThat(plex.scheduler().operator(ALICE).away()).isFalse();
        });
        // the control: two minutes later it is due, and taken back
        memory.clock().advance(Duration.ofMinutes(2));
        await().until(() -> memory.james().away().isAway(ALICE));
    }

    @Test
    void anOperatorWhoseOverrideIsOffShouldKeepTheirMail() throws Exception {
        Plex plex = register(PlexConfiguration.OPERATORS, ALICE + "::off, " + BOB);
        plex.park(mail("first"));
        plex.park(mail("second"));
        await().until(() -> plex.recentReleases().size() == 2);

        memory.clock().advance(Duration.ofHours(5));

        // bob's mail, as old and as unopened, is taken back (he has the plex's 30m); alice's never is
        await().until(() -> memory.james().away().isAway(BOB));
        holdsThroughout(() -> {
            assertThat(memory.james().subjects(ALICE)).containsExactly("first");
            assertThat(memory.james().away().isAway(ALICE)).isFalse();
        });
    }

    @Test
    void reclaimedMailShouldGoOutBeforeYoungerMailAndShowWhomItWasTakenFrom() throws Exception {
        Plex plex = register();
        memory.james().append(BOB, "bob's own mail");
        String key = aliceLeavesHerMailUnopened(plex);
        String younger = plex.park(mail("younger"));

        await().until(() -> memory.james().away().isAway(ALICE));

        assertThat(plex.scheduler().parkedKeys(0, 10)).containsExactly(key, younger);
        ParkedMail reclaimed = memory.james().administration().parked(plex, key);
        assertThat(reclaimed.reclaimedFrom()).containsExactly(ALICE);
        assertThat(reclaimed.reclaimedAt(0)).contains(START.plus(Duration.ofMinutes(31)));
        assertThat(memory.james().administration().parked(plex, younger).reclaimedFrom()).isEmpty();
        memory.james().empty(BOB);
        await().until(() -> plex.recentReleases().size() == 2);
        assertThat(released(plex).get(1)).isEqualTo(key + " -> " + BOB);
    }

    @Test
    void aMailShouldBeTakenBackNoMoreThanMaxReclaims() throws Exception {
        Plex plex = register(PlexConfiguration.MAX_RECLAIMS, "1");
        aliceLeavesHerMailUnopened(plex);
        await().until(() -> plex.recentReleases().size() == 2);

        memory.clock().advance(Duration.ofHours(1));

        holdsThroughout(() -> {
            assertThat(memory.james().subjects(BOB)).containsExactly("first");
            assertThat(memory.james().away().isAway(BOB)).isFalse();
        });
    }

    /**
     * alice gets one mail; the plex stops; the reclaim journal is left as a crash while taking that
     * mail back leaves it: begun, the mail still in alice's INBOX. Returns its key.
     */
    private String crashWhileTakingBackFromAlice(String... overrides) throws Exception {
        Plex plex = register(overrides);
        String key = plex.park(mail("first"));
        await().until(() -> plex.recentReleases().size() == 1);
        memory.james().service().unregister(MemoryMailPlex.address(PLEX));
        OperatorMailboxes.Unopened unopened = memory.james().mailboxes().unopenedBefore(Username.of(ALICE), "INBOX", Instant.now().plusSeconds(60))
            .get(0);
        new ReclaimJournal(new PlexFolders(memory.stateFolder()), PLEX).begin(new ReclaimJournal.Open(key, ALICE, unopened.location()));
        return key;
    }

    @Test
    void aReclaimCutShortByACrashShouldBeFinishedAtTheNextStart() throws Exception {
        String key = crashWhileTakingBackFromAlice(PlexConfiguration.OPERATORS, ALICE);
        // the crash came after the mail was back in the queue
        ParkedQueue queue = new ParkedQueue(MemoryMailPlex.address(PLEX), memory.james().queue());
        queue.park(mail("first"), key, java.util.Date.from(START));

        Plex restarted = register(PlexConfiguration.OPERATORS, ALICE);

        await().until(() -> restarted.queueDepth() == 1 && !memory.james().away().notices(ALICE).isEmpty());
        assertThat(memory.james().away().isAway(ALICE)).isTrue();
        assertThat(restarted.scheduler().parkedKeys(0, 10)).containsExactly(key);
        assertThat(memory.james().subjects(ALICE)).singleElement().asString().contains("you are away");
        assertThat(new ReclaimJournal(new PlexFolders(memory.stateFolder()), PLEX).recover()).isEmpty();
    }

    @Test
    void aReclaimCutShortBeforeTheMailWasBackShouldLeaveItWithTheOperator() throws Exception {
        crashWhileTakingBackFromAlice(PlexConfiguration.OPERATORS, ALICE, PlexConfiguration.RECLAIM_AFTER, "off");

        Plex restarted = register(PlexConfiguration.OPERATORS, ALICE, PlexConfiguration.RECLAIM_AFTER, "off");

        await().until(() -> new ReclaimJournal(new PlexFolders(memory.stateFolder()), PLEX).recover().isEmpty());
        assertThat(restarted.queueDepth()).isZero();
        assertThat(memory.james().subjects(ALICE)).containsExactly("first");
        assertThat(memory.james().away().isAway(ALICE)).isFalse();
    }

    @Test
    void awayShouldSurviveARestart() throws Exception {
        Plex plex = register();
        aliceLeavesHerMailUnopened(plex);
        await().until(() -> !memory.james().away().notices(ALICE).isEmpty());
        memory.james().service().unregister(MemoryMailPlex.address(PLEX));

        AwayOperators reloaded = new AwayOperators(new FileAwayStore(new PlexFolders(memory.stateFolder())), PlexEvents.NONE);

        assertThat(reloaded.awaySince(ALICE)).contains(START.plus(Duration.ofMinutes(31)));
        assertThat(reloaded.notices(ALICE)).hasSize(1);
        Plex restarted = register();
        assertThat(restarted.scheduler().operator(ALICE).away()).isTrue();
    }

    @Test
    void aMailOpenedWhileBeingTakenBackShouldStayWithTheOperatorAndLeaveTheQueue() throws Exception {
        AtomicReference<OperatorMailboxes.Removal> attempt = new AtomicReference<>();
        memory.rebuild(memory.builder().mailboxes((manager, users) -> new OperatorMailboxes(manager, users) {
            @Override
            public Removal removeUnopened(Username operator, MessageLocation location) throws MailboxException {
                // alice opens it just after it was put back into the queue, before it leaves her INBOX
                MailboxSession session = manager.createSystemSession(operator);
                manager.getMailbox(MailboxPath.forUser(operator, location.mailbox()), session)
                    .setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.ADD, MessageRange.all(), session);
                Removal removal = super.removeUnopened(operator, location);
                attempt.set(removal);
                return removal;
            }
        }));
        Plex plex = register();
        plex.park(mail("first"));
        await().until(() -> plex.recentReleases().size() == 1);

        memory.clock().advance(Duration.ofMinutes(31));

        // the reclaim was tried, found the mail opened, and called off
        await().until(() -> attempt.get() == OperatorMailboxes.Removal.OPENED && new ReclaimJournal(new PlexFolders(memory.stateFolder()), PLEX).recover().isEmpty());
        assertThat(memory.james().subjects(ALICE)).containsExactly("first");
        assertThat(memory.james().queue().size()).isZero();
        assertThat(plex.queueDepth()).isZero();
        assertThat(memory.james().away().isAway(ALICE)).isFalse();
        assertThat(new ReclaimJournal(new PlexFolders(memory.stateFolder()), PLEX).recover()).isEmpty();
    }
}
