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
