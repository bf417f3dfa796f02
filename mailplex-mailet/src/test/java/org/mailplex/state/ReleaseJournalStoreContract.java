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

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplex.core.Release;

/**
 * What every {@link ReleaseJournalStore} does. {@link #open} gives a journal over what is kept: a
 * restart of this node, or another node taking the plex over.
 */
public abstract class ReleaseJournalStoreContract {
    protected static final String PLEX = "help@911.gov";
    protected static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");
    protected static final int HISTORY = 3;

    protected ReleaseJournalStore journal;

    /** A journal of {@code plex} over what is kept, keeping {@code historySize} deliveries. */
    protected abstract ReleaseJournalStore open(String plex, int historySize);

    @BeforeEach
    void openJournal() throws Exception {
        journal = open(PLEX, HISTORY);
        journal.recover();
        journal.reset();
    }

    @AfterEach
    void closeJournal() throws Exception {
        journal.close();
    }

    protected ReleaseJournalStore.Recovery restart() throws Exception {
        journal.close();
        journal = open(PLEX, HISTORY);
        return journal.recover();
    }

    protected static Release delivery(String key, String operator) {
        return new Release(key, operator, Optional.of("<" + key + "@x>"), AT);
    }

    @Test
    void aReleaseBegunAndNeverDeliveredShouldBeFoundAtTheNextStart() throws Exception {
        journal.begin("k1", "alice");

        ReleaseJournalStore.Recovery recovery = restart();

        assertThat(recovery.begun()).isEqualTo(Map.of("k1", "alice"));
        assertThat(recovery.deliveredNotEnded()).isEmpty();
    }

    @Test
    void aReleaseDeliveredAndNotEndedShouldBeFoundDelivered() throws Exception {
        journal.begin("k1", "alice");
        journal.delivered(delivery("k1", "alice"));

        ReleaseJournalStore.Recovery recovery = restart();

        assertThat(recovery.begun()).isEmpty();
        assertThat(recovery.deliveredNotEnded()).containsExactly("k1");
        assertThat(recovery.delivered().get("k1")).isEqualTo(delivery("k1", "alice"));
    }

    @Test
    void anEndedReleaseShouldLeaveNothingToFinishButStayInTheHistory() throws Exception {
        journal.begin("k1", "alice");
        journal.delivered(delivery("k1", "alice"));
        journal.end("k1");

        ReleaseJournalStore.Recovery recovery = restart();

        assertThat(recovery.begun()).isEmpty();
        assertThat(recovery.deliveredNotEnded()).isEmpty();
        assertThat(recovery.history()).extracting(Release::key).containsExactly("k1");
        assertThat(recovery.history().get(0).messageId()).contains("<k1@x>");
        assertThat(recovery.history().get(0).releasedAt()).isEqualTo(AT);
    }

    @Test
    void aFailedReleaseShouldEndWithoutJoiningTheHistory() throws Exception {
        journal.begin("k1", "alice");
        journal.end("k1");

        ReleaseJournalStore.Recovery recovery = restart();

        assertThat(recovery.begun()).isEmpty();
        assertThat(recovery.history()).isEmpty();
    }

    @Test
    void aReleaseBeforeTheStartFinishedRecoveringShouldKeepWhatTheLastRunLeft() throws Exception {
        journal.begin("k1", "alice");
        journal.begin("k2", "bob");
        journal.delivered(delivery("k2", "bob"));
        restart();

        // the start has not finished (no reset yet) when a new release begins
        journal.begin("k3", "carol");
        ReleaseJournalStore.Recovery recovery = restart();

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
    void resetShouldKeepOpenWhatTheStartCouldNotTakeOutOfTheQueue() throws Exception {
        journal.begin("k1", "alice");
        journal.delivered(delivery("k1", "alice"));
        journal.begin("k2", "bob");
        journal.delivered(delivery("k2", "bob"));
        restart();

        journal.reset(List.of(delivery("k2", "bob")));

        assertThat(journal.history()).extracting(Release::key).containsExactly("k1");
        ReleaseJournalStore.Recovery recovery = restart();
        assertThat(recovery.deliveredNotEnded()).containsExactly("k2");
        assertThat(recovery.begun()).isEmpty();
    }

    @Test
    void theHistoryShouldKeepTheLatestDeliveriesAcrossRestarts() throws Exception {
        for (int i = 1; i <= 5; i++) {
            journal.begin("k" + i, "alice");
            journal.delivered(delivery("k" + i, "alice"));
            journal.end("k" + i);
        }
        assertThat(journal.history()).extracting(Release::key).containsExactly("k3", "k4", "k5");
        restart();
        journal.reset();

        assertThat(journal.history()).extracting(Release::key).containsExactly("k3", "k4", "k5");
        assertThat(restart().history()).extracting(Release::key).containsExactly("k3", "k4", "k5");
    }

    @Test
    void twoPlexesShouldKeepTwoJournals() throws Exception {
        journal.begin("k1", "alice");
        try (ReleaseJournalStore other = open("sales@911.gov", HISTORY)) {
            assertThat(other.recover().begun()).isEmpty();
            other.begin("k2", "bob");
        }

        assertThat(restart().begun()).isEqualTo(Map.of("k1", "alice"));
    }
}
