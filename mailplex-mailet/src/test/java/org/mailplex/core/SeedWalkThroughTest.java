package org.mailplex.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The example paragraph of the MailPlex 1.1 README, sentence by sentence, on the plain-Java rule. */
class SeedWalkThroughTest {
    private static final String ALICE = "alice";
    private static final String BOB = "bob";

    private MutableClock clock;
    private PlexScheduler scheduler;
    private final List<String> route = new ArrayList<>();
    private int sent;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        scheduler = new PlexScheduler(Roster.of(List.of(ALICE, BOB), 1), clock);
        scheduler.observe(ALICE, 0);
        scheduler.observe(BOB, 0);
    }

    private String send() {
        clock.advance(Duration.ofSeconds(1));
        String ticket = String.format("mail-%02d", ++sent);
        scheduler.park(ticket);
        dispatch();
        return ticket;
    }

    private void dispatch() {
        while (true) {
            var next = scheduler.next();
            if (next.isEmpty()) {
                return;
            }
            scheduler.complete(next.get());
            route.add(next.get().ticket() + "->" + next.get().operator());
        }
    }

    private void empty(String... operators) {
        clock.advance(Duration.ofSeconds(1));
        for (String operator : operators) {
            scheduler.observe(operator, 0);
        }
        dispatch();
    }

    private void firstTwoMails() {
        send();
        send();
    }

    @Test
    void firstMailShouldGoToAliceThenBob() {
        // "when first mail will come at help@911.gov, alice will receive it, next mail will receive bob."
        firstTwoMails();
        assertThat(route).containsExactly("mail-01->alice", "mail-02->bob");
    }

    @Test
    void mailShouldWaitWhenAllOperatorsBusy() {
        firstTwoMails();
        // "Now both alice and bob have waiting mails, so when next three mails will come, they are just queued"
        send();
        send();
        send();
        assertThat(scheduler.waitingTickets()).containsExactly("mail-03", "mail-04", "mail-05");
        assertThat(route).hasSize(2);
    }

    @Test
    void bobEmptyingHisMailboxShouldGetTheNextMail() {
        firstTwoMails();
        send();
        send();
        send();
        // "Suddenly bob will get mail from his mailbox, so it will become empty, so MailPlex will send him next mail."
        empty(BOB);
        assertThat(route).endsWith("mail-03->bob");
        assertThat(scheduler.waitingTickets()).containsExactly("mail-04", "mail-05");
    }

    @Test
    void bothEmptyingAtOnceShouldServeAliceFirstByRosterOrder() {
        firstTwoMails();
        send();
        send();
        send();
        empty(BOB);
        // "Now, both bob and alice at once will empty their mailbox, so, because alice is first in @rcpts list,
        //  she will get first mail and bob will get second."
        empty(BOB, ALICE);
        assertThat(route).endsWith("mail-04->alice", "mail-05->bob");
        // "Now the queue is empty and operators are busy."
        assertThat(scheduler.waitingCount()).isZero();
        assertThat(scheduler.peekOperator()).isEmpty();
    }

    @Test
    void seedWalkThroughShouldRouteEveryMailAsTheSeedSays() {
        firstTwoMails();
        send();
        send();
        send();
        empty(BOB);
        empty(BOB, ALICE);
        // "Now first bob and then alice will empty their mailbox, so next mail will come to bob,"
        empty(BOB);
        empty(ALICE);
        send();
        // "and even if bob will handle it before alice will get her one, next mail will belong to her"
        empty(BOB);
        send();
        // "and then next one to bob once more."
        send();

        assertThat(route).containsExactly(
            "mail-01->alice", "mail-02->bob",
            "mail-03->bob",
            "mail-04->alice", "mail-05->bob",
            "mail-06->bob",
            "mail-07->alice",
            "mail-08->bob");
    }
}
