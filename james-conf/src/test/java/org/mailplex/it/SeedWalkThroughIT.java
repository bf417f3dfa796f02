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
import static org.mailplex.it.MailPlexJames.PLEX;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example of the original MailPlex README, sentence by sentence, on a real James booted from
 * the shipped configuration: mail sent over SMTP, operators draining over IMAP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedWalkThroughIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final MailPlexJamesExtension JAMES = new MailPlexJamesExtension();

    private MailPlexJames james;
    private SmtpClient smtp;
    private ImapClient alice;
    private ImapClient bob;

    @BeforeAll
    void startJames() throws Exception {
        james = JAMES.fromShippedConf().start().withDemoUsers();
        smtp = james.smtp();
        alice = james.imap(ALICE);
        bob = james.imap(BOB);
    }

    private void send(String subject) throws Exception {
        smtp.send("customer@example.org", PLEX, subject);
    }

    @Test
    void seedWalkThroughShouldHappenOnARealJames() throws Exception {
        // "when first mail will come at help@911.gov, alice will receive it,"
        send("mail 1");
        await().atMost(WAIT).untilAsserted(() -> assertThat(alice.subjects()).containsExactly("mail 1"));
        assertThat(bob.subjects()).isEmpty();

        // "next mail will receive bob."
        send("mail 2");
        await().atMost(WAIT).untilAsserted(() -> assertThat(bob.subjects()).containsExactly("mail 2"));
        assertThat(alice.subjects()).containsExactly("mail 1");

        // "Now both alice and bob have waiting mails, so when next three mails will come, they are just queued"
        send("mail 3");
        send("mail 4");
        send("mail 5");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.parked()).isEqualTo(3));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            assertThat(alice.subjects()).containsExactly("mail 1");
            assertThat(bob.subjects()).containsExactly("mail 2");
        });

        // "Suddenly bob will get mail from his mailbox, so it will become empty, so MailPlex will send him next mail."
        assertThat(bob.drain()).containsExactly("mail 2");
        await().atMost(WAIT).untilAsserted(() -> assertThat(bob.subjects()).containsExactly("mail 3"));
        assertThat(alice.subjects()).containsExactly("mail 1");
        assertThat(james.parked()).isEqualTo(2);

        // "Now, both bob and alice at once will empty their mailbox, so, because alice is first in @rcpts list,
        //  she will get first mail and bob will get second."
        // Over IMAP the two expunges are milliseconds apart; alice empties first, so she is also the one
        // empty the longest: the seed's outcome either way. The exact tie is replayed in SeedWalkThroughTest.
        assertThat(alice.drain()).containsExactly("mail 1");
        assertThat(bob.drain()).containsExactly("mail 3");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(alice.subjects()).containsExactly("mail 4");
            assertThat(bob.subjects()).containsExactly("mail 5");
        });

        // "Now the queue is empty and operators are busy."
        assertThat(james.parked()).isZero();

        // "Now first bob and then alice will empty their mailbox, so next mail will come to bob,"
        bob.drain();
        alice.drain();
        send("mail 6");
        await().atMost(WAIT).untilAsserted(() -> assertThat(bob.subjects()).containsExactly("mail 6"));
        assertThat(alice.subjects()).isEmpty();

        // "and even if bob will handle it before alice will get her one, next mail will belong to her"
        assertThat(bob.drain()).containsExactly("mail 6");
        send("mail 7");
        await().atMost(WAIT).untilAsserted(() -> assertThat(alice.subjects()).containsExactly("mail 7"));
        assertThat(bob.subjects()).isEmpty();

        // "and then next one to bob once more."
        send("mail 8");
        await().atMost(WAIT).untilAsserted(() -> assertThat(bob.subjects()).containsExactly("mail 8"));
        assertThat(alice.subjects()).containsExactly("mail 7");
        assertThat(james.parked()).isZero();
    }
}
