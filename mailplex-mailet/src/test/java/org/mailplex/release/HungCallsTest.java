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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.BOB;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.MutableClock;
import org.mailplex.core.Release;
import org.mailplex.mailbox.HangingMailboxes;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.MemoryMailPlexExtension;
import org.mailplex.plex.Plex;
import org.mailplex.queue.HookedMailRepository;

import com.google.common.collect.ObjectArrays;

/**
 * Every mailbox and repository call made for a plex is bounded by its {@code callTimeout} (200 ms
 * here): a call that never returns (a hung search, append, read or queue removal, deaf to
 * interrupts) holds one worker, never the plex's loop, and the next release still happens.
 */
class HungCallsTest {
    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");

    @RegisterExtension
    final MemoryMailPlexExtension memory = new MemoryMailPlexExtension(START);

    private final HookedMailRepository queue = new HookedMailRepository();
    private final CountDownLatch queueReleased = new CountDownLatch(1);
    private HangingMailboxes mailboxes;
    private MemoryMailPlex james;
    private MutableClock clock;

    @AfterEach
    void releaseHungCalls() {
        queueReleased.countDown();
        if (mailboxes != null) {
            mailboxes.release();
        }
    }

    private Plex start(String... overrides) throws Exception {
        james = memory.rebuild(memory.builder().mailboxes(HangingMailboxes::new).hookedQueue(queue));
        mailboxes = (HangingMailboxes) james.mailboxes();
        clock = memory.clock();
        return james.register(ObjectArrays.concat(new String[] {PlexConfiguration.RECONCILE_INTERVAL, "100ms",
            PlexConfiguration.CALL_TIMEOUT, "200ms", PlexConfiguration.RECLAIM_AFTER, "30m"}, overrides, String.class));
    }

    private static List<String> released(Plex plex) {
        return plex.recentReleases().stream().map(Release::toString).collect(Collectors.toList());
    }

    /** alice gets the first mail and leaves it unopened past reclaimAfter. */
    private String aliceLeavesHerMailUnopened(Plex plex) throws Exception {
        String key = plex.park(mail("first"));
        await().until(() -> plex.recentReleases().size() == 1);
        assertThat(released(plex)).containsExactly(key + " -> " + ALICE);
        return key;
    }

    @Test
    void aSearchForUnopenedMailThatNeverReturnsShouldHoldUpNoRelease() throws Exception {
        Plex plex = start();
        String first = aliceLeavesHerMailUnopened(plex);
        mailboxes.hang(HangingMailboxes.Call.UNOPENED_SEARCH);
        clock.advance(Duration.ofMinutes(31));
        await().until(() -> mailboxes.hung() >= 1);

        String second = plex.park(mail("second"));

        await().until(() -> plex.recentReleases().size() == 2);
        assertThat(released(plex)).containsExactly(first + " -> " + ALICE, second + " -> " + BOB);
        // the next scans do not pile up hung searches: one per operator at a time, whatever the passes
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(mailboxes.hung()).isLessThanOrEqualTo(2));
    }

    @Test
    void aNoticeAppendThatNeverReturnsShouldHoldUpNoRelease() throws Exception {
        Plex plex = start();
        String first = aliceLeavesHerMailUnopened(plex);
        mailboxes.hang(HangingMailboxes.Call.NOTICE_APPEND);

        clock.advance(Duration.ofMinutes(31));

        // the reclaimed mail goes to bob although alice's notice is still being appended
        await().until(() -> plex.recentReleases().size() == 2);
        assertThat(released(plex)).containsExactly(first + " -> " + ALICE, first + " -> " + BOB);
        assertThat(james.away().isAway(ALICE)).isTrue();
        assertThat(mailboxes.hung()).isEqualTo(1);
    }

    @Test
    void aRemovalFromTheMailboxThatOutlastsTheTimeoutShouldFinishTheReclaimWhenItEnds() throws Exception {
        Plex plex = start();
        String first = aliceLeavesHerMailUnopened(plex);
        String second = plex.park(mail("second"));
        await().until(() -> plex.recentReleases().size() == 2);
        mailboxes.hang(HangingMailboxes.Call.UNOPENED_REMOVAL);

        clock.advance(Duration.ofMinutes(31));
        await().until(() -> mailboxes.hung() >= 1);
        james.empty(BOB);
        String third = plex.park(mail("third"));

        // bob is served meanwhile; the mail being taken back from alice is nobody's until the removal ends
        await().until(() -> plex.recentReleases().size() == 3);
        assertThat(released(plex)).containsExactly(first + " -> " + ALICE, second + " -> " + BOB, third + " -> " + BOB);
        assertThat(mailboxes.hung()).isEqualTo(1);

        mailboxes.release();
        james.empty(BOB);

        await().until(() -> plex.recentReleases().size() == 4);
        assertThat(released(plex)).last().isEqualTo(first + " -> " + BOB);
        assertThat(james.subjects(ALICE)).singleElement().asString().contains("you are away");
    }

    @Test
    void aNoticeReadThatNeverReturnsShouldHoldUpNoRelease() throws Exception {
        Plex plex = start();
        String first = aliceLeavesHerMailUnopened(plex);
        clock.advance(Duration.ofMinutes(31));
        await().until(() -> plex.recentReleases().size() == 2 && james.away().isAway(ALICE));
        mailboxes.hang(HangingMailboxes.Call.NOTICE_READ);
        await().until(() -> mailboxes.hung() >= 1);

        james.empty(BOB);
        String second = plex.park(mail("second"));

        await().until(() -> plex.recentReleases().size() == 3);
        assertThat(released(plex)).containsExactly(first + " -> " + ALICE, first + " -> " + BOB, second + " -> " + BOB);
    }

    @Test
    void anAdminRemovalFromAQueueThatNeverAnswersShouldSayItIsStillRunningAndHoldUpNoRelease() throws Exception {
        Plex plex = start(PlexConfiguration.RECLAIM_AFTER, "off");
        String first = aliceLeavesHerMailUnopened(plex);
        String second = plex.park(mail("second"));
        await().until(() -> plex.recentReleases().size() == 2);
        String third = plex.park(mail("third"));
        queue.beforeRemove(() -> {
            try {
                queueReleased.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThatThrownBy(() -> james.administration().delete(plex, third)).isInstanceOf(StillRunningException.class);

        queue.beforeRemove(() -> { });
        String fourth = plex.park(mail("fourth"));
        james.empty(BOB);
        await().until(() -> plex.recentReleases().size() == 3);
        assertThat(released(plex)).containsExactly(first + " -> " + ALICE, second + " -> " + BOB, fourth + " -> " + BOB);
    }
}
