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

package org.mailplex.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.BOB;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.mailbox.FaultyMailboxes;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.Plex;
import org.mailplex.release.NotDoneException;
import org.mailplex.release.StillRunningException;

/**
 * An admin action waits for the plex's release loop a bounded time: one that cannot start in time
 * is cancelled, one that started and outlasts the wait goes on and says so.
 */
class AdminWaitTest {
    private static final String NO_TICK = "1h";
    private static final Duration IMPATIENT = Duration.ofMillis(300);

    @TempDir
    Path stateFolder;

    private MemoryMailPlex james;
    private FaultyMailboxes mailboxes;
    private MailPlexAdministration impatient;

    @AfterEach
    void tearDown() {
        if (james != null) {
            james.close();
        }
    }

    private Plex start() throws Exception {
        james = MemoryMailPlex.builder(stateFolder).withoutMailboxEvents().mailboxes(FaultyMailboxes::new).build();
        mailboxes = (FaultyMailboxes) james.mailboxes();
        Plex plex = james.register(PlexConfiguration.OPERATORS, ALICE + ", " + BOB,
            PlexConfiguration.RECONCILE_INTERVAL, NO_TICK, PlexConfiguration.CALL_TIMEOUT, "1h");
        impatient = new MailPlexAdministration(james.service(), james.state(), james.away(), IMPATIENT);
        return plex;
    }

    private static void awaitReleases(Plex plex, int count) {
        await().until(() -> plex.recentReleases().size() >= count);
    }

    @Test
    void anAdminActionThatCannotStartInTimeShouldBeCancelledNotDoneLater() throws Exception {
        Plex plex = start();
        james.administration().pause(plex, BOB);
        FaultyMailboxes.Gate gate = mailboxes.holdNextDeliveryTo(ALICE);
        plex.park(mail("first"));
        gate.awaitReached();
        String second = plex.park(mail("second"));

        // the loop is inside alice's delivery: the delete cannot start, so it is cancelled
        assertThatThrownBy(() -> impatient.delete(plex, second))
            .isInstanceOf(NotDoneException.class)
            .hasMessageContaining("nothing was done");
        gate.open();

        awaitReleases(plex, 1);
        james.administration().resume(plex, BOB);
        awaitReleases(plex, 2);
        assertThat(james.subjects(BOB)).containsExactly("second");
    }

    @Test
    void anAdminActionThatOutlastsItsWaitShouldFinishAndSaySo() throws Exception {
        Plex plex = start();
        james.administration().pause(plex, ALICE);
        james.administration().pause(plex, BOB);
        String key = plex.park(mail("first"));
        FaultyMailboxes.Gate gate = mailboxes.holdNextDeliveryTo(ALICE);

        // the assignment starts on the loop and hangs in the delivery: it is accepted and goes on
        CompletableFuture<Throwable> answer = CompletableFuture.supplyAsync(() -> {
            try {
                impatient.assign(plex, key, ALICE);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        gate.awaitReached();
        assertThat(answer.get(5, TimeUnit.SECONDS)).isInstanceOf(StillRunningException.class);
        gate.open();

        awaitReleases(plex, 1);
        assertThat(plex.recentReleases()).extracting(Object::toString).containsExactly(key + " -> " + ALICE);
        assertThat(james.subjects(ALICE)).containsExactly("first");
    }
}
