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
import static org.mailplex.it.MailPlexJames.PLEX;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sticky conversations survive a James restart: the thread memory is on disk under var/mailplex/. */
class StickyRestartIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final MailPlexJamesExtension jamesExtension = new MailPlexJamesExtension();

    private MailPlexJames james;

    @Test
    void followUpShouldReachTheSameOperatorAfterARestart() throws Exception {
        james = jamesExtension.fromShippedConf(RoutingPolicyIT::policies).start().withDemoUsers();
        String question = "From: " + CAROL + "\r\nTo: " + PLEX + "\r\nSubject: lost password\r\n"
            + "Message-ID: <restart-1@customer.example>\r\n\r\nHelp!\r\n";
        james.smtp().send(CAROL, List.of(PLEX), question.getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(ALICE).subjects()).containsExactly("lost password"));

        james.restart().withDemoUsers();
        assertThat(Files.readString(james.workingDirectory().resolve("var/mailplex/" + PLEX + "/conversations.tsv")))
            .contains("restart-1@customer.example\t" + ALICE);

        // After the restart (the memory app forgot every mailbox) both operators are free and alice is
        // first on the roster, so make bob the one the rule would pick: alice busy with a new mail.
        james.smtp().send("someone@example.org", PLEX, "fresh 1");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(ALICE).subjects()).containsExactly("fresh 1"));

        String followUp = "From: " + CAROL + "\r\nTo: " + PLEX + "\r\nSubject: Re: lost password\r\n"
            + "Message-ID: <restart-2@customer.example>\r\nIn-Reply-To: <restart-1@customer.example>\r\n\r\nStill locked out.\r\n";
        james.smtp().send(CAROL, List.of(PLEX), followUp.getBytes(StandardCharsets.UTF_8));

        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(ALICE).subjects()).containsExactly("fresh 1", "Re: lost password"));
        assertThat(james.imap(BOB).subjects()).isEmpty();
    }
}
