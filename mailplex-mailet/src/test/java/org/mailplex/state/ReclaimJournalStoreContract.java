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

import org.junit.jupiter.api.Test;

/** What every {@link ReclaimJournalStore} does. {@link #open} gives a journal over what is kept (a restart, or another node). */
public abstract class ReclaimJournalStoreContract {
    protected static final String PLEX = "help@911.gov";

    /** A journal of {@code plex} over what is kept. */
    protected abstract ReclaimJournalStore open(String plex);

    @Test
    void recoverShouldFindNothingWhenNothingWasBegun() throws Exception {
        assertThat(open(PLEX).recover()).isEmpty();
    }

    @Test
    void aReclaimBegunAndNotEndedShouldBeFoundAtTheNextStart() throws Exception {
        ReclaimJournalStore.Open open = new ReclaimJournalStore.Open("k1", "alice@911.gov", new MessageLocation("Help desk", 42L, 7L));
        open(PLEX).begin(open);

        assertThat(open(PLEX).recover()).containsExactly(open);
    }

    @Test
    void anEndedReclaimShouldLeaveNothingOpen() throws Exception {
        ReclaimJournalStore journal = open(PLEX);
        journal.begin(new ReclaimJournalStore.Open("k1", "alice@911.gov", new MessageLocation("INBOX", 1L, 2L)));
        journal.begin(new ReclaimJournalStore.Open("k2", "bob@911.gov", new MessageLocation("INBOX", 1L, 3L)));
        journal.end("k1");

        assertThat(open(PLEX).recover()).extracting(ReclaimJournalStore.Open::key).containsExactly("k2");
        journal.end("k2");
        assertThat(open(PLEX).recover()).isEmpty();
    }

    @Test
    void twoPlexesShouldKeepTwoJournals() throws Exception {
        open("sales@911.gov").begin(new ReclaimJournalStore.Open("k1", "alice@911.gov", new MessageLocation("INBOX", 1L, 2L)));

        assertThat(open(PLEX).recover()).isEmpty();
    }
}
