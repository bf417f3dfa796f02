package org.mailplex.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StickyRoutingTest {
    private static final String ALICE = "alice";
    private static final String BOB = "bob";

    private PlexScheduler scheduler;

    @BeforeEach
    void setUp() {
        scheduler = new PlexScheduler(Roster.of(List.of(ALICE, BOB), 1), Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
        scheduler.observe(ALICE, 0);
        scheduler.observe(BOB, 0);
    }

    private Assignment deliverNext() {
        Assignment assignment = scheduler.next().orElseThrow(() -> new AssertionError("expected an assignment"));
        scheduler.complete(assignment);
        return assignment;
    }

    @Test
    void followUpShouldGoToItsOperatorEvenWhenBusy() {
        scheduler.park("t1");
        assertThat(deliverNext().operator()).isEqualTo(ALICE);

        scheduler.parkFor("t2", ALICE);

        assertThat(deliverNext()).isEqualTo(new Assignment("t2", ALICE));
        assertThat(scheduler.operator(ALICE).held()).isEqualTo(2);
    }

    @Test
    void followUpShouldJumpAheadOfOlderTicketsForItsOperator() {
        scheduler.observe(ALICE, 1);
        scheduler.observe(BOB, 1);
        scheduler.park("t1");
        scheduler.parkFor("t2", BOB);

        assertThat(deliverNext()).isEqualTo(new Assignment("t2", BOB));
        assertThat(scheduler.waitingTickets()).containsExactly("t1");
        assertThat(scheduler.next()).isEmpty();
    }

    @Test
    void followUpForAPausedOperatorShouldWaitAndFollowTheRule() {
        scheduler.pause(ALICE);
        scheduler.parkFor("t1", ALICE);

        assertThat(deliverNext()).isEqualTo(new Assignment("t1", BOB));
    }

    @Test
    void followUpForAnUnavailableOperatorShouldFollowTheRule() {
        scheduler.markUnavailable(BOB);
        scheduler.observe(ALICE, 1);
        scheduler.parkFor("t1", BOB);

        assertThat(scheduler.next()).isEmpty();
        scheduler.markAvailable(BOB);
        assertThat(deliverNext()).isEqualTo(new Assignment("t1", BOB));
    }

    @Test
    void forgetShouldDropAStickyTicket() {
        scheduler.observe(ALICE, 1);
        scheduler.observe(BOB, 1);
        scheduler.parkFor("t1", ALICE);

        assertThat(scheduler.forget("t1")).isTrue();
        assertThat(scheduler.next()).isEmpty();
    }

    @Test
    void parkForShouldRejectAnOperatorNotOnTheRoster() {
        assertThatThrownBy(() -> scheduler.parkFor("t1", "mallory"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("mallory");
    }

    @Test
    void threadMemoryShouldFindTheMostRecentKnownReference() {
        ThreadMemory memory = new ThreadMemory(10);
        memory.remember("<q1@example.org>", ALICE);
        memory.remember("a1@mailplex.local", BOB);

        assertThat(memory.operatorFor(List.of("unknown@x", "a1@mailplex.local", "q1@example.org"))).contains(BOB);
        assertThat(memory.operatorFor(List.of("<q1@example.org>"))).contains(ALICE);
        assertThat(memory.operatorFor(List.of("nope@x"))).isEmpty();
    }

    @Test
    void threadMemoryShouldForgetTheLeastRecentlyUsedPastItsCapacity() {
        ThreadMemory memory = new ThreadMemory(2);
        memory.remember("m1@x", ALICE);
        memory.remember("m2@x", BOB);
        memory.operatorFor(List.of("m1@x"));
        memory.remember("m3@x", BOB);

        assertThat(memory.size()).isEqualTo(2);
        assertThat(memory.operatorFor(List.of("m2@x"))).isEmpty();
        assertThat(memory.operatorFor(List.of("m1@x"))).contains(ALICE);
    }

    @Test
    void threadMemoryShouldRestoreItsEntriesInRecencyOrder() {
        ThreadMemory memory = new ThreadMemory(2);
        memory.remember("m1@x", ALICE);
        memory.remember("m2@x", BOB);

        ThreadMemory restored = new ThreadMemory(2);
        restored.restore(memory.entries());
        restored.remember("m3@x", ALICE);

        assertThat(restored.entries()).containsExactly(Map.entry("m2@x", BOB), Map.entry("m3@x", ALICE));
    }

    @Test
    void messageIdsShouldParseReferencesHeaders() {
        assertThat(ThreadMemory.messageIds("<a@x> <b@y>\r\n\t<c@z>")).containsExactly("a@x", "b@y", "c@z");
        assertThat(ThreadMemory.messageIds("garbage")).isEmpty();
        assertThat(ThreadMemory.messageIds(null)).isEmpty();
        assertThat(ThreadMemory.normalise("  <>  ")).isEqualTo(Optional.empty());
    }

    @Test
    void threadMemoryShouldRefuseAZeroCapacity() {
        assertThatThrownBy(() -> new ThreadMemory(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
