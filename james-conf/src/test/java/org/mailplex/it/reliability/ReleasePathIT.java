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

package org.mailplex.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.BOB;
import static org.mailplex.it.MailPlexJames.PLEX;
import static org.mailplex.it.MailPlexJames.SALES;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.it.ImapClient;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.MailPlexJamesExtension;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The release path on a real James: a mail no operator can take never holds back the mail behind
 * it, an operator over quota is skipped while her mail goes to the others, an operator shared by two plexes never holds more than her capacity, and the queue stays
 * FIFO across a restart whose clock is behind the last run.
 */
class ReleasePathIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CUSTOMER = "customer@example.org";
    private static final MailRepositoryUrl SALES_QUEUE = MailRepositoryUrl.from("file://var/mail/mailplex/sales/");

    @RegisterExtension
    final MailPlexJamesExtension jamesExtension = new MailPlexJamesExtension();

    private MailPlexJames james;

    private RequestSpecification webadmin() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(james.webAdminPort());
    }

    private void pause(String plex, String operator) {
        webadmin().put("/mailplex/" + plex + "/operators/" + operator + "/paused").then().statusCode(204);
    }

    private void resume(String plex, String operator) {
        webadmin().delete("/mailplex/" + plex + "/operators/" + operator + "/paused").then().statusCode(204);
    }

    private static byte[] message(String subject, int bodyBytes) {
        StringBuilder body = new StringBuilder(bodyBytes + 100);
        while (body.length() < bodyBytes) {
            body.append("All work and no play makes Jack a dull boy. 0123456789 abcdefghijklmnopqrstuvwxyz\r\n");
        }
        String raw = "From: " + CUSTOMER + "\r\nTo: " + PLEX + "\r\nSubject: " + subject + "\r\n"
            + "Message-ID: <" + subject.replace(' ', '-') + "@example.org>\r\n\r\n" + body;
        return raw.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aMailNoOperatorCanTakeShouldNotHoldBackTheMailBehindIt() throws Exception {
        james = jamesExtension.fromShippedConf().start().withDemoUsers();
        for (String operator : List.of(ALICE, BOB)) {
            webadmin().body("204800").put("/quota/users/" + operator + "/size").then().statusCode(204);
            pause(PLEX, operator);
        }
        james.smtp().send(CUSTOMER, List.of(PLEX), message("too big", 600 * 1024));
        james.smtp().send(CUSTOMER, List.of(PLEX), message("small one", 1000));
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.parked()).isEqualTo(2));

        resume(PLEX, ALICE);
        resume(PLEX, BOB);

        ImapClient alice = james.imap(ALICE);
        ImapClient bob = james.imap(BOB);
        await().atMost(WAIT).untilAsserted(() -> {
            List<String> delivered = new ArrayList<>(alice.subjects());
            delivered.addAll(bob.subjects());
            assertThat(delivered).containsExactly("small one");
        });
        // whoever took "small one" is busy, and "too big" waits for her: it is set aside only once
        // every operator on duty refused it, so she empties her mailbox and is tried with it too
        alice.drain();
        bob.drain();
        // set aside where an admin sees it, out of the queue, counted in the metrics
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.parked()).isZero());
        webadmin().get("/mailplex/" + PLEX + "/stuck").then().statusCode(200)
            .body("size()", org.hamcrest.Matchers.equalTo(1))
            .body("[0].subject", org.hamcrest.Matchers.equalTo("too big"))
            .body("[0].reason", org.hamcrest.Matchers.startsWith("No operator could take it: "));
        assertThat(webadmin().get("/metrics").asString()).contains("mailplex_stuck_help_mailplex_local 1.0");
        // neither operator was taken out of rotation: the next small mail is delivered at once
        alice.drain();
        bob.drain();
        james.smtp().send(CUSTOMER, List.of(PLEX), message("small two", 1000));
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
            assertThat(alice.subjects().size() + bob.subjects().size()).isEqualTo(1));

        // the admin raises alice's quota and retries the stuck mail: it is delivered, byte for byte counted once
        alice.drain();
        bob.drain();
        webadmin().body("10485760").put("/quota/users/" + ALICE + "/size").then().statusCode(204);
        pause(PLEX, BOB);
        String key = webadmin().get("/mailplex/" + PLEX + "/stuck").jsonPath().getString("[0].key");
        webadmin().post("/mailplex/" + PLEX + "/stuck/" + key + "?action=retry").then().statusCode(204);
        await().atMost(WAIT).untilAsserted(() -> assertThat(alice.subjects()).containsExactly("too big"));
        webadmin().get("/mailplex/" + PLEX + "/stuck").then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void anOperatorOverQuotaShouldBeShownRefusingWhileHerMailGoesToTheOthers() throws Exception {
        james = jamesExtension.fromShippedConf().start().withDemoUsers();
        // alice's mailbox takes no more mail: every append is refused by James's quota
        webadmin().body("1").put("/quota/users/" + ALICE + "/size").then().statusCode(204);

        james.smtp().send(CUSTOMER, List.of(PLEX), message("one", 1000));
        james.smtp().send(CUSTOMER, List.of(PLEX), message("two", 1000));

        ImapClient bob = james.imap(BOB);
        await().atMost(WAIT).untilAsserted(() -> assertThat(bob.subjects()).containsExactly("one"));
        // "two" was refused by alice too: two in a row, she is skipped and it waits for bob
        await().atMost(WAIT).untilAsserted(() -> webadmin().get("/mailplex/" + PLEX).then().statusCode(200)
            .body("operators.find { it.operator == '" + ALICE + "' }.status", org.hamcrest.Matchers.equalTo("refusing")));
        assertThat(webadmin().get("/metrics").asString()).contains("mailplex_refusing_help_mailplex_local 1.0");
        bob.drain();
        await().atMost(WAIT).untilAsserted(() -> assertThat(bob.subjects()).containsExactly("two"));
        webadmin().get("/mailplex/" + PLEX + "/stuck").then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(0));
        assertThat(james.imap(ALICE).subjects()).isEmpty();
    }

    /** sales@ shares alice and bob with help@, both watching INBOX. */
    private static String twoPlexes(String mailetContainer) {
        String help = "            <!-- opt-in: operators' answers carry";
        if (!mailetContainer.contains(help)) {
            throw new IllegalStateException("the shipped mailetcontainer.xml changed");
        }
        return mailetContainer.replace(help,
            "            <mailet match=\"org.mailplex.matcher.IsMailPlexRecipient=" + SALES + "\" class=\"org.mailplex.mailet.MailPlex\">\n"
                + "                <account>" + SALES + "</account>\n"
                + "                <operators>" + ALICE + ", " + BOB + "</operators>\n"
                + "                <repositoryPath>" + SALES_QUEUE.asString() + "</repositoryPath>\n"
                + "            </mailet>\n" + help);
    }

    @Test
    void anOperatorSharedByTwoPlexesShouldNeverHoldMoreThanHerCapacity() throws Exception {
        james = jamesExtension.fromShippedConf(ReleasePathIT::twoPlexes).start().withDemoUsers();
        pause(PLEX, BOB);
        pause(SALES, BOB);
        ImapClient alice = james.imap(ALICE);

        for (int round = 1; round <= 20; round++) {
            String subject = "round " + round;
            String raw = "From: " + CUSTOMER + "\r\nTo: " + PLEX + ", " + SALES + "\r\nSubject: " + subject + "\r\n\r\nBoth.\r\n";
            // one mail for both plexes: each parks its copy at the same moment
            james.smtp().send(CUSTOMER, List.of(PLEX, SALES), raw.getBytes(StandardCharsets.US_ASCII));
            for (int copy = 1; copy <= 2; copy++) {
                long stillOut = 3 - copy;
                await().atMost(WAIT).until(() -> alice.subjects().size() + james.parked() + james.parked(SALES_QUEUE) == stillOut
                    && !alice.subjects().isEmpty());
                assertThat(alice.subjects()).as("alice's INBOX in %s, copy %d", subject, copy).containsExactly(subject);
                alice.drain();
            }
        }
    }

    @Test
    void queueKeysShouldKeepFifoAcrossARestartWhoseClockIsBehind() throws Exception {
        // the last run's clock was a day ahead (NTP stepped back since)
        james = jamesExtension.fromShippedConf()
            .withClock(Clock.offset(Clock.systemUTC(), Duration.ofDays(1)))
            .start().withDemoUsers();
        pause(PLEX, ALICE);
        pause(PLEX, BOB);
        for (int i = 1; i <= 3; i++) {
            james.smtp().send(CUSTOMER, PLEX, "older " + i);
            int parked = i;
            await().atMost(WAIT).untilAsserted(() -> assertThat(james.parked()).isEqualTo(parked));
        }

        james.withClock(Clock.systemUTC()).restart().withDemoUsers();
        james.smtp().send(CUSTOMER, PLEX, "newer");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.parked()).isEqualTo(4));
        resume(PLEX, ALICE);

        ImapClient alice = james.imap(ALICE);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<String> taken = await().atMost(WAIT).until(alice::drain, drained -> !drained.isEmpty());
            order.addAll(taken);
        }
        assertThat(order).containsExactly("older 1", "older 2", "older 3", "newer");
    }
}
