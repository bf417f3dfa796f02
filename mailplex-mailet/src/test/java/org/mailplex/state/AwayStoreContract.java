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

import org.junit.jupiter.api.Test;

/** What every {@link AwayStore} must do; each implementation's test extends this. */
public abstract class AwayStoreContract {
    static final String ALICE = "alice@911.gov";
    static final String BOB = "bob@911.gov";
    static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");

    protected abstract AwayStore store();

    @Test
    void loadShouldBeEmptyWhenNothingWasSaved() throws Exception {
        assertThat(store().load()).isEqualTo(AwayBook.empty());
    }

    @Test
    void loadShouldReturnWhatWasSaved() throws Exception {
        Notice notice = new Notice(ALICE, new MessageLocation("Help desk", 42L, 7L), AT);
        AwayBook book = AwayBook.empty().withAway(ALICE, AT).withNotice(notice)
            .withNotice(new Notice(BOB, new MessageLocation("INBOX", 1L, 2L), AT));

        store().save(book);

        AwayBook loaded = store().load();
        assertThat(loaded).isEqualTo(book);
        assertThat(loaded.awaySince(ALICE)).contains(AT);
        assertThat(loaded.isAway(BOB)).isFalse();
        assertThat(loaded.notices(ALICE)).containsExactly(notice);
    }

    @Test
    void aSaveShouldReplaceWhatWasKeptWhole() throws Exception {
        store().save(AwayBook.empty().withAway(ALICE, AT));
        AwayBook back = AwayBook.empty().withAway(BOB, AT.plusSeconds(60));

        store().save(back);

        assertThat(store().load()).isEqualTo(back);
        assertThat(store().load().isAway(ALICE)).isFalse();
    }
}
