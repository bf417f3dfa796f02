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
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.mailbox.FaultyMailboxes;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.Plex;

/** Reclaim scans are coalesced: their number does not grow with the number of releases. */
class ReclaimScansTest {
    @TempDir
    Path stateFolder;

    private MemoryMailPlex james;

    @AfterEach
    void tearDown() {
        if (james != null) {
            james.close();
        }
    }

    @Test
    void twentyReleasesShouldCostAtMostTwoReclaimScansNotOnePerRelease() throws Exception {
        james = MemoryMailPlex.builder(stateFolder).mailboxes(FaultyMailboxes::new).build();
        FaultyMailboxes mailboxes = (FaultyMailboxes) james.mailboxes();
        Plex plex = james.register(PlexConfiguration.OPERATORS, ALICE + ":20", PlexConfiguration.RECONCILE_INTERVAL, "1h",
            PlexConfiguration.RECLAIM_AFTER, "2s");
        for (int i = 0; i < 20; i++) {
            plex.park(mail("mail " + i));
        }
        await().until(() -> plex.recentReleases().size() == 20);
        // she opens them all: the scans find nothing to take back, and are only counted
        james.readAll(ALICE);

        await().atMost(Duration.ofSeconds(10)).until(() -> mailboxes.unopenedSearches() >= 1);
        // one search by the first reconcile tick at start, then at most the pending scan and its follow-up
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(mailboxes.unopenedSearches()).isLessThanOrEqualTo(3));
    }

    @Test
    void aRequestWhileAScanIsPendingShouldOnlyMoveItsFollowUp() {
        ReclaimScans scans = new ReclaimScans();

        assertThat(scans.request(1_000)).isTrue();
        assertThat(scans.request(1_500)).isFalse();
        assertThat(scans.request(1_200)).isFalse();

        assertThat(scans.ran(1_000)).isEqualTo(OptionalLong.of(500));
        assertThat(scans.request(1_600)).isFalse();
        assertThat(scans.ran(1_500)).isEqualTo(OptionalLong.of(100));
        assertThat(scans.ran(1_600)).isEmpty();
        assertThat(scans.request(5_000)).isTrue();
    }
}
