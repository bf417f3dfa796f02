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

import java.time.Duration;

import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.MailPlexJamesExtension;

/** Past {@code maxParked}, the plex's copy goes to the admin's {@code overflowProcessor}: never silently dropped. */
class OverflowIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final MailRepositoryUrl ERROR = MailRepositoryUrl.from("file://var/mail/error/");
    private static final MailRepositoryUrl OUTGOING_HELD = MailRepositoryUrl.from("file://var/mail/outgoing-held/");

    @RegisterExtension
    final MailPlexJamesExtension jamesExtension = new MailPlexJamesExtension();

    private MailPlexJames james;

    private long count(MailRepositoryUrl url) throws Exception {
        return james.server().getProbe(MailRepositoryProbeImpl.class).getRepositoryMailCount(url);
    }

    @Test
    void mailPastMaxParkedShouldGoToTheOverflowProcessor() throws Exception {
        // the shipped "error" processor bounces to the sender and keeps the mail in file://var/mail/error/
        james = jamesExtension.fromShippedConf(MailPlexJames.replacing("<sticky>false</sticky>",
            "<sticky>false</sticky>\n                <maxParked>2</maxParked>\n                <overflowProcessor>error</overflowProcessor>"))
            .start().withDemoUsers();
        james.smtp().send("customer@example.org", MailPlexJames.PLEX, "busy 1");
        james.smtp().send("customer@example.org", MailPlexJames.PLEX, "busy 2");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(ALICE).subjects().size() + james.imap(BOB).subjects().size()).isEqualTo(2));
        james.smtp().send("customer@example.org", MailPlexJames.PLEX, "parked 1");
        james.smtp().send("customer@example.org", MailPlexJames.PLEX, "parked 2");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.parked()).isEqualTo(2));

        james.smtp().send("customer@example.org", MailPlexJames.PLEX, "overflow 1");
        james.smtp().send("customer@example.org", MailPlexJames.PLEX, "overflow 2");

        await().atMost(WAIT).untilAsserted(() -> assertThat(count(ERROR)).isEqualTo(2));
        assertThat(james.parked()).isEqualTo(2);
        // the senders are told: the error processor's Bounce goes to the (remote) sender, held by the shipped relay processor
        await().atMost(WAIT).untilAsserted(() -> assertThat(count(OUTGOING_HELD)).isEqualTo(2));

        // the parked ones are still released as operators free up: every mail accounted for
        james.imap(ALICE).drain();
        james.imap(BOB).drain();
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(ALICE).subjects().size() + james.imap(BOB).subjects().size()).isEqualTo(2));
        assertThat(james.parked()).isZero();
        assertThat(count(ERROR)).isEqualTo(2);
    }
}
