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

class PlexStateTest {
    private static final String ALICE = "alice@mailplex.local";

    @Test
    void withShouldNotChangeTheOriginal() {
        PlexState empty = PlexState.empty();

        PlexState paused = empty.withPaused(ALICE, true).withDispatch(ALICE, 10);

        assertThat(empty.isEmpty()).isTrue();
        assertThat(paused.isPaused(ALICE)).isTrue();
        assertThat(paused.dispatched(ALICE)).isEqualTo(1);
    }

    @Test
    void resumingShouldKeepCounters() {
        PlexState state = PlexState.empty().withDispatch(ALICE, 10).withPaused(ALICE, true).withPaused(ALICE, false);

        assertThat(state.paused()).isEmpty();
        assertThat(state.dispatched(ALICE)).isEqualTo(1);
        assertThat(state.recentWaitsMillis(ALICE)).containsExactly(10L);
    }

    @Test
    void negativeWaitsShouldCountAsZero() {
        assertThat(PlexState.empty().withDispatch(ALICE, -5).recentWaitsMillis(ALICE)).containsExactly(0L);
    }

    @Test
    void recentWaitsShouldBeBounded() {
        PlexState state = PlexState.empty();
        for (int i = 0; i < PlexState.MAX_RECENT_WAITS * 2; i++) {
            state = state.withDispatch(ALICE, i);
        }

        assertThat(state.recentWaitsMillis(ALICE)).hasSize(PlexState.MAX_RECENT_WAITS)
            .endsWith((long) PlexState.MAX_RECENT_WAITS * 2 - 1);
        assertThat(state.dispatched(ALICE)).isEqualTo(PlexState.MAX_RECENT_WAITS * 2);
    }
}
