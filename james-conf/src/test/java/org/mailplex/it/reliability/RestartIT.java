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
import static org.mailplex.it.MailPlexJames.PASSWORD;
import static org.mailplex.it.MailPlexJames.PLEX;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.james.utils.DataProbeImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.it.ImapClient;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.MailPlexJamesExtension;

/** Mail parked in the file:// queue outlives a clean restart and is released in arrival order. */
class RestartIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final MailPlexJamesExtension jamesExtension = new MailPlexJamesExtension();

    private MailPlexJames james;

    private void createUsers() throws Exception {
        DataProbeImpl data = james.server().getProbe(DataProbeImpl.class);
        for (String user : List.of(PLEX, ALICE, BOB)) {
            data.addUser(user, PASSWORD);
        }
    }

    @Test
    void mailShouldSurviveRestartInFifoOrder() throws Exception {
        james = jamesExtension.fromShippedConf().start();
        createUsers();
        james.smtp().send("customer@example.org", PLEX, "busy 1");
        james.smtp().send("customer@example.org", PLEX, "busy 2");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(ALICE).subjects().size() + james.imap(BOB).subjects().size()).isEqualTo(2));
        // one at a time, so that arrival order at the mailet is the sending order
        for (int i = 1; i <= 5; i++) {
            james.smtp().send("customer@example.org", PLEX, "parked " + i);
            int expected = i;
            await().atMost(WAIT).untilAsserted(() -> assertThat(james.parked()).isEqualTo(expected));
        }

        james.restart();
        assertThat(james.parked()).isEqualTo(5);
        // the memory app forgot users and mailboxes: both operators come back empty, i.e. free
        createUsers();

        // operators take what they get until all five are out; MailPlex's releases route gives the release order
        Map<String, String> subjectsByTicket = new TreeMap<>();
        try (ImapClient.Connection alice = james.imap(ALICE).connect();
             ImapClient.Connection bob = james.imap(BOB).connect()) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                for (ImapClient.Connection operator : List.of(alice, bob)) {
                    for (byte[] raw : operator.take()) {
                        Delivered delivered = new Delivered(raw);
                        subjectsByTicket.put(delivered.ticket().orElseThrow(), delivered.header("Subject").orElseThrow());
                    }
                }
                return subjectsByTicket.size() == 5;
            });
            List<String> releaseOrder = new ArrayList<>();
            // the release history outlives restarts: only the releases of the mails parked at the restart count here
            james.releasedKeys(PLEX).stream()
                .filter(subjectsByTicket::containsKey)
                .forEach(ticket -> releaseOrder.add(subjectsByTicket.get(ticket)));

            assertThat(releaseOrder).containsExactly("parked 1", "parked 2", "parked 3", "parked 4", "parked 5");
        }
        assertThat(subjectsByTicket.values()).as("queue keys sort as arrival")
            .containsExactly("parked 1", "parked 2", "parked 3", "parked 4", "parked 5");
        assertThat(james.parked()).isZero();
    }
}
