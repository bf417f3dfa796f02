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
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.core.quota.QuotaSizeUsage;
import org.apache.james.mailbox.exception.OverQuotaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Release;
import org.mailplex.mailbox.FaultyMailboxes;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.Plex;
import org.mailplex.queue.HookedMailRepository;
import org.mailplex.webadmin.dto.OperatorDto;

import com.google.common.util.concurrent.Uninterruptibles;

/**
 * Over quota (or any I/O failure) in one operator's mailbox is a failure of that mail with that
 * operator, not of the mail: it goes to the next operator who may take it, it is set aside only
 * when every operator on duty refused it, and an operator whose mailbox refuses mail after mail is
 * skipped until she can take mail again, with nobody's help.
 */
class OperatorRefusalTest {
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

    private Plex start(String... overrides) throws Exception {
        james = MemoryMailPlex.builder(stateFolder).mailboxes(FaultyMailboxes::new).build();
        mailboxes = (FaultyMailboxes) james.mailboxes();
        return james.register(overrides);
    }

    private static OverQuotaException overQuota() {
        return new OverQuotaException("thrown by the test: mailbox over quota", QuotaSizeLimit.size(1000), QuotaSizeUsage.size(1000));
    }

    private static List<String> operators(Plex plex) {
        return plex.recentReleases().stream().map(Release::operator).collect(java.util.stream.Collectors.toList());
    }

    @Test
    void aMailOneOperatorCannotTakeShouldGoToTheNextOperatorAtOnce() throws Exception {
        Plex plex = start(PlexConfiguration.RECONCILE_INTERVAL, NO_TICK);
        await().until(() -> plex.scheduler().operator(BOB).eligible());
        mailboxes.failNextDelivery(overQuota());

        plex.park(mail("first"));

        await().until(() -> plex.recentReleases().size() == 1);
        assertThat(operators(plex)).containsExactly(BOB);
        assertThat(james.subjects(ALICE)).isEmpty();
        assertThat(plex.stuckCount()).isZero();
    }

    @Test
    void anOperatorOverQuotaShouldNeitherSendMailToStuckNorKeepBeingTried() throws Exception {
        Plex plex = start(PlexConfiguration.OPERATORS, ALICE + ", " + BOB + ", " + CAROL, PlexConfiguration.RECONCILE_INTERVAL, NO_TICK);
        await().until(() -> plex.scheduler().operator(CAROL).eligible());
        mailboxes.refuseEveryDeliveryTo(ALICE, overQuota());

        plex.park(mail("first"));
        plex.park(mail("second"));
        plex.park(mail("third"));

        await().until(() -> plex.recentReleases().size() == 2);
        assertThat(operators(plex)).containsExactly(BOB, CAROL);
        james.empty(BOB);
        await().until(() -> plex.recentReleases().size() == 3);
        assertThat(operators(plex)).containsExactly(BOB, CAROL, BOB);
        assertThat(plex.stuckCount()).isZero();
        assertThat(james.subjects(ALICE)).isEmpty();
        // after two mails refused in a row she is skipped: no mail is tried on her any more
        int deliveries = mailboxes.deliveries();
        james.empty(BOB);
        james.empty(CAROL);
        plex.park(mail("fourth"));
        await().until(() -> plex.recentReleases().size() == 4);
        assertThat(mailboxes.deliveries()).isEqualTo(deliveries + 1);
        assertThat(plex.scheduler().operator(ALICE).refusing()).isTrue();
        assertThat(OperatorDto.status(plex.scheduler().operator(ALICE))).isEqualTo(OperatorDto.REFUSING);
    }

    @Test
    void anOperatorWhoseMailboxTakesMailAgainShouldGetMailWithoutAnAdmin() throws Exception {
        Plex plex = start(PlexConfiguration.RECONCILE_INTERVAL, FAST_TICK);
        await().until(() -> plex.scheduler().operator(BOB).eligible());
        mailboxes.refuseEveryDeliveryTo(ALICE, overQuota());
        plex.park(mail("first"));
        plex.park(mail("second"));
        await().until(() -> plex.recentReleases().size() == 1);
        await().until(() -> plex.scheduler().operator(ALICE).refusing());

        mailboxes.acceptEveryDeliveryTo(ALICE);

        await().atMost(Duration.ofSeconds(10)).until(() -> plex.recentReleases().size() == 2);
        assertThat(operators(plex)).containsExactly(BOB, ALICE);
        assertThat(plex.scheduler().operator(ALICE).refusing()).isFalse();
    }

    @Test
    void aSetAsideThatNeverReturnsShouldHoldUpNoRelease() throws Exception {
        HookedMailRepository queue = new HookedMailRepository();
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        // the first removal from the queue is the set-aside's: it never returns, deaf to interrupts
        queue.beforeRemove(() -> {
            if (first.getAndSet(false)) {
                Uninterruptibles.awaitUninterruptibly(never);
            }
        });
        james = MemoryMailPlex.builder(stateFolder).hookedQueue(queue).mailboxes(FaultyMailboxes::new).build();
        mailboxes = (FaultyMailboxes) james.mailboxes();
        Plex plex = james.register(PlexConfiguration.RECONCILE_INTERVAL, FAST_TICK, PlexConfiguration.CALL_TIMEOUT, "200ms");
        await().until(() -> plex.scheduler().operator(BOB).eligible());
        mailboxes.refuseEveryDeliveryContaining("Subject: too big", overQuota());
        try {
            plex.park(mail("too big"));
            await().until(() -> !first.get());
            plex.park(mail("small"));

            await().atMost(Duration.ofSeconds(10)).until(() -> plex.recentReleases().size() == 1);
            assertThat(james.subjects(ALICE).size() + james.subjects(BOB).size()).isEqualTo(1);
        } finally {
            never.countDown();
        }
    }

    @Test
    void aMailEveryOperatorOnDutyRefusedShouldBeSetAsideAndTheOthersStillGoOut() throws Exception {
        Plex plex = start(PlexConfiguration.RECONCILE_INTERVAL, NO_TICK);
        await().until(() -> plex.scheduler().operator(BOB).eligible());
        mailboxes.refuseEveryDeliveryContaining("Subject: too big", overQuota());

        plex.park(mail("too big"));
        plex.park(mail("small"));

        await().until(() -> plex.stuckCount() == 1 && plex.recentReleases().size() == 1);
        assertThat(plex.queueDepth()).isZero();
        // one mail too big for everyone takes nobody out of rotation
        plex.park(mail("next"));
        await().until(() -> plex.recentReleases().size() == 2);
        assertThat(james.subjects(ALICE).size() + james.subjects(BOB).size()).isEqualTo(2);
    }
}
