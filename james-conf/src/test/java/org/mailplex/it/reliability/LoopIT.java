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
import static org.hamcrest.Matchers.equalTo;
import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.BOB;
import static org.mailplex.it.MailPlexJames.CAROL;
import static org.mailplex.it.MailPlexJames.DOMAIN;
import static org.mailplex.it.MailPlexJames.PLEX;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.MailPlexJamesExtension;
import org.mailplex.it.SmtpClient;
import org.mailplex.queue.StuckMails;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * No ping-pong. MailPlex delivers through the mailbox API, so an operator alias that points back
 * at the plex is never applied to released mail; mail that MailPlex delivered and that comes back
 * to the plex carries {@code X-MailPlex-Plex} and is not parked again; MailPlex never answers mail,
 * so auto-submitted mail and bounces end in exactly one operator's mailbox.
 */
class LoopIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<MailRepositoryUrl> OUTBOUND = List.of(
        MailRepositoryUrl.from("file://var/mail/outgoing-held/"),
        MailRepositoryUrl.from("file://var/mail/error/"),
        MailRepositoryUrl.from("file://var/mail/address-error/"),
        MailRepositoryUrl.from("file://var/mail/relay-denied/"),
        MailRepositoryUrl.from("file://var/mail/rrt-error/"));

    @RegisterExtension
    final MailPlexJamesExtension jamesExtension = new MailPlexJamesExtension();

    private MailPlexJames james;

    private Map<String, Integer> inboxes() throws Exception {
        return Map.of("alice", james.imap(ALICE).subjects().size(), "bob", james.imap(BOB).subjects().size(),
            "help", james.imap(PLEX).subjects().size());
    }

    private RequestSpecification webadmin() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(james.webAdminPort());
    }

    private long outbound() throws Exception {
        MailRepositoryProbeImpl probe = james.server().getProbe(MailRepositoryProbeImpl.class);
        long total = 0;
        for (MailRepositoryUrl url : OUTBOUND) {
            total += probe.getRepositoryMailCount(url);
        }
        return total;
    }

    @Test
    void operatorAliasedBackToThePlexShouldNotLoop() throws Exception {
        james = jamesExtension.fromShippedConf().start().withDemoUsers();
        james.server().getProbe(DataProbeImpl.class).addAddressMapping("alice", DOMAIN, PLEX);

        // released mail goes to alice's mailbox, not through recipient rewriting back to the plex
        james.smtp().send("customer@example.org", PLEX, "for the plex");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(ALICE).subjects()).containsExactly("for the plex"));

        // mail for alice is rewritten to the plex, parked once and given to the free operator
        james.smtp().send("customer@example.org", ALICE, "for alice");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(BOB).subjects()).containsExactly("for alice"));

        // a delivered mail that comes back (bob redirects what he got to alice, i.e. to the plex) is a loop:
        // set aside where an admin sees it, never parked again, never in the plex account's own mailbox
        byte[] delivered = james.imap(BOB).rawMessages().get(0);
        james.smtp().send(BOB, List.of(ALICE), delivered);
        await().atMost(WAIT).untilAsserted(() -> webadmin().get("/mailplex/" + PLEX + "/stuck").then()
            .statusCode(200).body("[0].subject", equalTo("for alice")).body("[0].reason", equalTo(StuckMails.LOOP)));
        assertThat(webadmin().get("/metrics").asString()).contains("mailplex_loops_help_mailplex_local_total 1.0");

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(inboxes()).isEqualTo(Map.of("alice", 1, "bob", 1, "help", 0));
            assertThat(james.parked()).isZero();
        });
    }

    @Test
    void aTraceForgedOutsideShouldNeitherDivertNorReachAnyone() throws Exception {
        james = jamesExtension.fromShippedConf().start().withDemoUsers();
        String forged = "X-MailPlex-Plex: " + PLEX + "\r\nX-MailPlex-Operator: " + BOB + "\r\n"
            + "X-MailPlex-Ticket: 1764237600000-000000-0000000a\r\nX-MailPlex-Signature: 0123456789abcdef0123456789abcdef\r\n"
            + "From: mallory@example.org\r\nTo: " + PLEX + ", " + CAROL + "\r\nSubject: looks delivered\r\n"
            + "Message-ID: <forged-1@example.org>\r\n\r\nTake me for a loop.\r\n";

        james.smtp().send("mallory@example.org", List.of(PLEX, CAROL), forged.getBytes(StandardCharsets.US_ASCII));

        // it reaches an operator like any mail, with MailPlex's own trace only
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(ALICE).subjects()).containsExactly("looks delivered"));
        String atAlice = new String(james.imap(ALICE).rawMessages().get(0), StandardCharsets.US_ASCII);
        assertThat(atAlice.split("X-MailPlex-Plex:", -1)).hasSize(2);
        assertThat(atAlice).contains("X-MailPlex-Operator: " + ALICE).doesNotContain("X-MailPlex-Operator: " + BOB)
            .doesNotContain("0123456789abcdef0123456789abcdef");
        // an ordinary recipient never sees a forged trace
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(CAROL).subjects()).containsExactly("looks delivered"));
        assertThat(new String(james.imap(CAROL).rawMessages().get(0), StandardCharsets.US_ASCII)).doesNotContainIgnoringCase("X-MailPlex-");
        assertThat(james.imap(PLEX).subjects()).isEmpty();
    }

    @Test
    void autoSubmittedMailToThePlexShouldNotPingPong() throws Exception {
        james = jamesExtension.fromShippedConf().start().withDemoUsers();
        String autoReply = "From: customer@example.org\r\nTo: " + PLEX + "\r\nSubject: Out of office\r\n"
            + "Auto-Submitted: auto-replied\r\nPrecedence: auto_reply\r\nMessage-ID: <ooo-1@example.org>\r\n\r\nI am away.\r\n";
        String bounce = "From: MAILER-DAEMON@example.org\r\nTo: " + PLEX + "\r\nSubject: Delivery failure\r\n"
            + "Auto-Submitted: auto-generated\r\nMessage-ID: <dsn-1@example.org>\r\n\r\nUser unknown.\r\n";
        try (SmtpClient.Connection smtp = james.smtp().connect()) {
            smtp.send("customer@example.org", List.of(PLEX), autoReply.getBytes(StandardCharsets.US_ASCII));
            smtp.send("", List.of(PLEX), bounce.getBytes(StandardCharsets.US_ASCII));
        }

        // each lands in exactly one operator's mailbox; nothing is sent anywhere in answer
        await().atMost(WAIT).untilAsserted(() -> assertThat(inboxes()).isEqualTo(Map.of("alice", 1, "bob", 1, "help", 0)));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(inboxes()).isEqualTo(Map.of("alice", 1, "bob", 1, "help", 0));
            assertThat(outbound()).isZero();
            assertThat(james.parked()).isZero();
        });

        // operators handle them; still nothing comes back
        james.imap(ALICE).drain();
        james.imap(BOB).drain();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(inboxes()).isEqualTo(Map.of("alice", 0, "bob", 0, "help", 0));
            assertThat(outbound()).isZero();
            assertThat(james.parked()).isZero();
        });
    }
}
