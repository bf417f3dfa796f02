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

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** What every {@link PlexStateStore} must do; each implementation's test extends this. */
public abstract class PlexStateStoreContract {
    static final String PLEX = "help@mailplex.local";
    static final String OTHER_PLEX = "sales@mailplex.local";
    static final String ALICE = "alice@mailplex.local";
    static final String BOB = "bob@mailplex.local";

    protected abstract PlexStateStore store();

    @Test
    void loadShouldBeEmptyForAPlexNeverSaved() throws Exception {
        assertThat(store().load(PLEX)).isEqualTo(PlexState.empty());
    }

    @Test
    void loadShouldReturnWhatWasSaved() throws Exception {
        PlexState state = PlexState.empty()
            .withPaused(ALICE, true)
            .withDispatch(BOB, 1200)
            .withDispatch(BOB, 300)
            .withDispatch(ALICE, 0)
            .withReclaim(ALICE)
            .withReclaim(ALICE);

        store().save(PLEX, state);

        PlexState loaded = store().load(PLEX);
        assertThat(loaded).isEqualTo(state);
        assertThat(loaded.paused()).containsExactly(ALICE);
        assertThat(loaded.dispatched()).isEqualTo(Map.of(ALICE, 1L, BOB, 2L));
        assertThat(loaded.recentWaitsMillis(BOB)).containsExactly(1200L, 300L);
        assertThat(loaded.reclaimed()).isEqualTo(Map.of(ALICE, 2L));
    }

    @Test
    void saveShouldReplaceThePreviousState() throws Exception {
        store().save(PLEX, PlexState.empty().withPaused(ALICE, true).withDispatch(ALICE, 5));
        PlexState resumed = store().load(PLEX).withPaused(ALICE, false);

        store().save(PLEX, resumed);

        assertThat(store().load(PLEX).paused()).isEmpty();
        assertThat(store().load(PLEX).dispatched(ALICE)).isEqualTo(1);
    }

    @Test
    void plexesShouldBeIndependent() throws Exception {
        store().save(PLEX, PlexState.empty().withPaused(ALICE, true));
        store().save(OTHER_PLEX, PlexState.empty().withPaused(BOB, true));

        assertThat(store().load(PLEX).paused()).containsExactly(ALICE);
        assertThat(store().load(OTHER_PLEX).paused()).containsExactly(BOB);
    }

    @Test
    void savingAnEmptyStateShouldLoadEmpty() throws Exception {
        store().save(PLEX, PlexState.empty().withPaused(ALICE, true));
        store().save(PLEX, PlexState.empty());

        assertThat(store().load(PLEX)).isEqualTo(PlexState.empty());
    }

    @Test
    void oddButValidAddressesShouldRoundTrip() throws Exception {
        String quoted = "\"john doe\"@mailplex.local";
        String plus = "support+fr%x@mailplex.local";
        PlexState state = new PlexState(Set.of(quoted, plus), Map.of(quoted, 3L), Map.of(plus, List.of(1L, 2L)));

        store().save("\"odd plex\"@mailplex.local", state);

        assertThat(store().load("\"odd plex\"@mailplex.local")).isEqualTo(state);
    }

    @Test
    void aRecentWaitsWindowShouldRoundTripWhole() throws Exception {
        PlexState state = PlexState.empty();
        for (int i = 0; i < PlexState.MAX_RECENT_WAITS + 10; i++) {
            state = state.withDispatch(ALICE, i);
        }

        store().save(PLEX, state);

        PlexState loaded = store().load(PLEX);
        assertThat(loaded.dispatched(ALICE)).isEqualTo(PlexState.MAX_RECENT_WAITS + 10);
        assertThat(loaded.recentWaitsMillis(ALICE)).hasSize(PlexState.MAX_RECENT_WAITS).startsWith(10L);
    }
}
