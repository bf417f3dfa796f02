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

package org.mailplex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.BOB;
import static org.mailplex.it.MailPlexJames.CAROL;
import static org.mailplex.it.MailPlexJames.PASSWORD;
import static org.mailplex.it.MailPlexJames.PLEX;
import static org.mailplex.it.MailPlexJames.SALES;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Routing beyond the seed on a real James: capacity, busyWhen=unseen, a watched mailbox other than
 * INBOX, two plexes sharing an operator, sticky conversations and Reply-To. The shipped
 * configuration is changed exactly as docs/admin.md tells an admin to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutingPolicyIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final MailRepositoryUrl SALES_QUEUE = MailRepositoryUrl.from("file://var/mail/mailplex/sales/");
    private static final String CUSTOMER = "customer@example.org";

    /** help@: sticky, with PlexReplyTo; sales@: bob then carol (capacity 2), busy when unseen, watching "Sales". */
    static String policies(String mailetContainer) {
        return mailetContainer
            .replace("<sticky>false</sticky>", "<sticky>true</sticky>")
            .replace("<!-- opt-in: operators' answers carry", "<!-- enabled by the test --><!-- operators' answers carry")
            .replace("customers reply through the plex\n", "customers reply through the plex -->\n")
            .replace("            </mailet>\n            -->\n", "            </mailet>\n"
                + "            <mailet match=\"org.mailplex.matcher.IsMailPlexRecipient=" + SALES + "\" class=\"org.mailplex.mailet.MailPlex\">\n"
                + "                <account>" + SALES + "</account>\n"
                + "                <operators>" + BOB + ", " + CAROL + ":2</operators>\n"
                + "                <repositoryPath>" + SALES_QUEUE.asString() + "</repositoryPath>\n"
                + "                <busyWhen>unseen</busyWhen>\n"
                + "                <mailbox>Sales</mailbox>\n"
                + "            </mailet>\n");
    }

    @RegisterExtension
    static final MailPlexJamesExtension JAMES = new MailPlexJamesExtension();

    private MailPlexJames james;
    private SmtpClient smtp;
    private ImapClient alice;
    private ImapClient bob;
    private ImapClient carol;

    @BeforeAll
    void startJames() throws Exception {
        james = JAMES.fromShippedConf(RoutingPolicyIT::policies).start().withDemoUsers();
        smtp = james.smtp();
        alice = james.imap(ALICE);
        bob = james.imap(BOB);
        carol = james.imap(CAROL);
    }

    @Test
    void editedConfigurationShouldEnableEveryPolicy() throws Exception {
        String edited = policies(java.nio.file.Files.readString(MailPlexJames.shippedConf().resolve("mailetcontainer.xml")));
        assertThat(edited)
            .contains("<sticky>true</sticky>")
            .contains("<mailet match=\"All\" class=\"org.mailplex.mailet.PlexReplyTo\">")
            .contains("<account>" + SALES + "</account>");
        int replyTo = edited.indexOf("class=\"org.mailplex.mailet.PlexReplyTo\"");
        assertThat(edited.lastIndexOf("-->", replyTo)).isGreaterThan(edited.lastIndexOf("<!--", replyTo));
    }

    @Test
    void salesPlexShouldHonourCapacityUnseenAndItsOwnMailbox() throws Exception {
        // bob's private INBOX mail does not make him busy for sales, which watches his "Sales" folder
        smtp.send(CUSTOMER, BOB, "private for bob");
        await().atMost(WAIT).untilAsserted(() -> assertThat(bob.subjects()).contains("private for bob"));

        smtp.send(CUSTOMER, SALES, "sales 1");
        await().atMost(WAIT).untilAsserted(() -> assertThat(bob.subjects("Sales")).containsExactly("sales 1"));

        // bob holds one unseen sales mail (capacity 1): the next two go to carol, whose capacity is 2
        smtp.send(CUSTOMER, SALES, "sales 2");
        smtp.send(CUSTOMER, SALES, "sales 3");
        await().atMost(WAIT).untilAsserted(() -> assertThat(carol.subjects("Sales")).containsExactly("sales 2", "sales 3"));

        // everyone is at capacity: the fourth waits
        smtp.send(CUSTOMER, SALES, "sales 4");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.parked(SALES_QUEUE)).isEqualTo(1));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
            .untilAsserted(() -> assertThat(bob.subjects("Sales")).containsExactly("sales 1"));

        // busyWhen=unseen: bob reads his sales mail and keeps it; he is free again and gets the fourth
        bob.markAllSeen("Sales");
        await().atMost(WAIT).untilAsserted(() -> assertThat(bob.subjects("Sales")).containsExactly("sales 1", "sales 4"));
        assertThat(james.parked(SALES_QUEUE)).isZero();
        // the help plex never saw any of it
        assertThat(alice.subjects()).doesNotContain("sales 1", "sales 2", "sales 3", "sales 4");
    }

    @Test
    void followUpShouldGoBackToItsOperatorEvenWhenBusyAndAnswersShouldCarryReplyTo() throws Exception {
        alice.drain();
        bob.drain();
        String question = "From: " + CAROL + "\r\nTo: " + PLEX + "\r\nSubject: printer on fire\r\n"
            + "Message-ID: <question-1@customer.example>\r\n\r\nHelp!\r\n";
        smtp.send(CAROL, List.of(PLEX), question.getBytes(StandardCharsets.UTF_8));
        ImapClient first = await().atMost(WAIT).until(() -> alice.subjects().contains("printer on fire") ? alice
            : bob.subjects().contains("printer on fire") ? bob : null, operator -> operator != null);
        ImapClient other = first == alice ? bob : alice;

        // the operator answers the customer: PlexReplyTo adds Reply-To: help@
        String answer = "From: " + first.user() + "\r\nTo: " + CAROL + "\r\nSubject: Re: printer on fire\r\n"
            + "Message-ID: <answer-1@mailplex.local>\r\nIn-Reply-To: <question-1@customer.example>\r\n"
            + "References: <question-1@customer.example>\r\n\r\nUnplug it.\r\n";
        // the operator's mail client authenticates: anyone could claim her address, only she can log in
        smtp.sendAuthenticated(first.user(), PASSWORD, List.of(CAROL), answer.getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).untilAsserted(() -> assertThat(carol.header("INBOX", "Re: printer on fire", "Reply-To")).contains(PLEX));
        // the same answer from someone who only claims her address gets nothing
        String claimed = answer.replace("Subject: Re: printer on fire", "Subject: Re: printer on fire (claimed)")
            .replace("<answer-1@mailplex.local>", "<claimed-1@example.org>");
        smtp.send(first.user(), List.of(CAROL), claimed.getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).untilAsserted(() -> assertThat(carol.subjects()).contains("Re: printer on fire (claimed)"));
        assertThat(carol.header("INBOX", "Re: printer on fire (claimed)", "Reply-To")).isEmpty();
        assertThat(carol.header("INBOX", "Re: printer on fire", "Message-ID")).contains("<answer-1@mailplex.local>");

        // the customer replies to the plex: it goes to the same operator although they are still busy
        String followUp = "From: " + CAROL + "\r\nTo: " + PLEX + "\r\nSubject: Re: Re: printer on fire\r\n"
            + "Message-ID: <question-2@customer.example>\r\nIn-Reply-To: <answer-1@mailplex.local>\r\n"
            + "References: <question-1@customer.example> <answer-1@mailplex.local>\r\n\r\nStill burning.\r\n";
        smtp.send(CAROL, List.of(PLEX), followUp.getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).untilAsserted(() -> assertThat(first.subjects()).containsExactly("printer on fire", "Re: Re: printer on fire"));
        assertThat(other.subjects()).doesNotContain("Re: Re: printer on fire");

        // a new conversation still follows the rule: the other operator is free and gets it
        smtp.send(CUSTOMER, PLEX, "new topic");
        await().atMost(WAIT).untilAsserted(() -> assertThat(other.subjects()).contains("new topic"));
    }
}
