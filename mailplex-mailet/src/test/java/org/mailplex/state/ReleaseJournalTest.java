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

package org.mailplex.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.core.Release;

class ReleaseJournalTest {
    private static final String PLEX = "help@911.gov";
    private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path root;

    private ReleaseJournal journal;

    @BeforeEach
    void setUp() throws Exception {
        journal = open();
        journal.recover();
        journal.reset();
    }

    @AfterEach
    void tearDown() throws Exception {
        journal.close();
    }

    private ReleaseJournal open() {
        return new ReleaseJournal(new PlexFolders(root), PLEX, 3);
    }

    private ReleaseJournal.Recovery restart() throws Exception {
        journal.close();
        journal = open();
        return journal.recover();
    }

    private static Release delivery(String key, String operator) {
        return new Release(key, operator, Optional.of("<" + key + "@x>"), AT);
    }

    @Test
    void aReleaseBegunAndNeverDeliveredShouldBeFoundAtTheNextStart() throws Exception {
        journal.begin("k1", "alice");

        ReleaseJournal.Recovery recovery = restart();

        assertThat(recovery.begun()).isEqualTo(Map.of("k1", "alice"));
        assertThat(recovery.deliveredNotEnded()).isEmpty();
    }

    @Test
    void aReleaseDeliveredAndNotEndedShouldBeFoundDelivered() throws Exception {
        journal.begin("k1", "alice");
        journal.delivered(delivery("k1", "alice"));

        ReleaseJournal.Recovery recovery = restart();

        assertThat(recovery.begun()).isEmpty();
        assertThat(recovery.deliveredNotEnded()).containsExactly("k1");
    }

    @Test
    void anEndedReleaseShouldLeaveNothingToFinishButStayInTheHistory() throws Exception {
        journal.begin("k1", "alice");
        journal.delivered(delivery("k1", "alice"));
        journal.end("k1");

        ReleaseJournal.Recovery recovery = restart();

        assertThat(recovery.begun()).isEmpty();
        assertThat(recovery.deliveredNotEnded()).isEmpty();
        assertThat(recovery.history()).extracting(Release::key).containsExactly("k1");
        assertThat(recovery.history().get(0).messageId()).contains("<k1@x>");
        assertThat(recovery.history().get(0).releasedAt()).isEqualTo(AT);
    }

    @Test
    void aReleaseBeforeTheStartFinishedRecoveringShouldKeepWhatTheLastRunLeft() throws Exception {
        journal.begin("k1", "alice");
        journal.begin("k2", "bob");
        journal.delivered(delivery("k2", "bob"));
        restart();

        // the start has not finished (no reset yet) when a new release begins: the file is rewritten
        journal.begin("k3", "carol");
        ReleaseJournal.Recovery recovery = restart();

        assertThat(recovery.begun()).isEqualTo(Map.of("k1", "alice", "k3", "carol"));
        assertThat(recovery.deliveredNotEnded()).containsExactly("k2");
    }

    @Test
    void resetShouldPutWhatWasFoundDeliveredIntoTheHistory() throws Exception {
        journal.begin("k1", "alice");
        journal.delivered(delivery("k1", "alice"));
        restart();

        journal.reset();

        assertThat(journal.history()).extracting(Release::key).containsExactly("k1");
        assertThat(restart().deliveredNotEnded()).isEmpty();
    }

    @Test
    void aLineCutShortByACrashShouldBeIgnored() throws Exception {
        journal.begin("k1", "alice");
        journal.close();
        Files.writeString(journal.path(), "delivered\tk1\tali", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        ReleaseJournal.Recovery recovery = restart();

        assertThat(recovery.begun()).isEqualTo(Map.of("k1", "alice"));
        assertThat(recovery.deliveredNotEnded()).isEmpty();
    }

    @Test
    void theHistoryShouldKeepTheLatestDeliveriesAcrossRestartsAndCompaction() throws Exception {
        for (int i = 1; i <= 5; i++) {
            journal.begin("k" + i, "alice");
            journal.delivered(delivery("k" + i, "alice"));
            journal.end("k" + i);
        }
        restart();
        journal.reset();

        assertThat(journal.history()).extracting(Release::key).containsExactly("k3", "k4", "k5");
        assertThat(restart().history()).extracting(Release::key).containsExactly("k3", "k4", "k5");
    }

    @Test
    void aMessageIdShouldNeverBreakAJournalLine() throws Exception {
        journal.begin("k1", "alice");
        journal.delivered(new Release("k1", "alice", Optional.of("<evil\tid\r\nend\tk9>"), AT));
        journal.end("k1");

        ReleaseJournal.Recovery recovery = restart();

        assertThat(recovery.history()).hasSize(1);
        assertThat(recovery.history().get(0).messageId()).contains("<evil?id??end?k9>");
    }
}
