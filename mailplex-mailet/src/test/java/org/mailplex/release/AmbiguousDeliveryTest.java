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
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

import org.apache.james.mailbox.exception.MailboxException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Release;
import org.mailplex.mailbox.FaultyMailboxes;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.Plex;

/**
 * A delivery that fails with an exception that may come after James stored the message (a backend
 * write timeout) is looked for in the operator's mailbox by its ticket before the mail is released
 * again, as the start-up recovery does: found, it is released; not found, it goes on as a failure;
 * when the look itself fails, the mail waits until it can be made.
 */
class AmbiguousDeliveryTest {
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
        Plex plex = james.register(overrides);
        await().until(() -> plex.scheduler().operator(BOB).eligible());
        return plex;
    }

    private static String operators(Plex plex) {
        return plex.recentReleases().stream().map(Release::operator).collect(Collectors.joining(","));
    }

    /** Alice got the mail once, bob never: checked throughout half a second. */
    private void onlyAliceHasItThroughout() {
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(james.subjects(ALICE)).containsExactly("first");
            assertThat(james.subjects(BOB)).isEmpty();
        });
    }

    @Test
    void aDeliveryFailingAfterTheMessageWasStoredShouldBeFoundAndNotDeliveredAgain() throws Exception {
        Plex plex = start(PlexConfiguration.RECONCILE_INTERVAL, "1h");
        mailboxes.failAfterNextDelivery(new MailboxException("thrown by the test: write timeout after the write"));

        plex.park(mail("first"));

        onlyAliceHasItThroughout();
        assertThat(operators(plex)).isEqualTo(ALICE);
        assertThat(plex.queueDepth()).isZero();
        assertThat(james.queue().size()).isZero();
    }

    @Test
    void anAmbiguousFailureThatCannotBeCheckedShouldKeepTheMailUntilItCanBe() throws Exception {
        Plex plex = start(PlexConfiguration.RECONCILE_INTERVAL, "100ms");
        mailboxes.failAfterNextDelivery(new MailboxException("thrown by the test: write timeout after the write"));
        mailboxes.failNextKeyCheck(new MailboxException("thrown by the test: the search times out too"));

        plex.park(mail("first"));

        await().until(() -> plex.recentReleases().size() == 1);
        onlyAliceHasItThroughout();
        assertThat(operators(plex)).isEqualTo(ALICE);
        assertThat(mailboxes.keyChecks()).isGreaterThanOrEqualTo(2);
        assertThat(james.queue().size()).isZero();
    }

    @Test
    void aDeliveryFailingBeforeTheMessageWasStoredShouldGoToTheNextOperator() throws Exception {
        Plex plex = start(PlexConfiguration.RECONCILE_INTERVAL, "1h");
        mailboxes.failNextDelivery(new MailboxException("thrown by the test: refused before the write"));

        plex.park(mail("first"));

        await().until(() -> plex.recentReleases().size() == 1);
        assertThat(operators(plex)).isEqualTo(BOB);
        assertThat(james.subjects(ALICE)).isEmpty();
    }
}
