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
import static org.mailplex.it.MailPlexJames.PASSWORD;
import static org.mailplex.it.MailPlexJames.PLEX;

import java.time.Duration;

import org.apache.james.utils.DataProbeImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An operator on the roster who is not (yet) a James user gets nothing; mail waits instead of vanishing. */
class MissingOperatorIT {
    @RegisterExtension
    final MailPlexJamesExtension jamesExtension = new MailPlexJamesExtension();

    private MailPlexJames james;

    @Test
    void mailShouldWaitUntilAnOperatorExistsAsAUser() throws Exception {
        james = jamesExtension.fromShippedConf().start();
        DataProbeImpl data = james.server().getProbe(DataProbeImpl.class);
        data.addUser(PLEX, PASSWORD);

        james.smtp().send("customer@example.org", PLEX, "early bird");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(james.parked()).isEqualTo(1));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(james.parked()).isEqualTo(1));

        data.addUser(ALICE, PASSWORD);

        // the reconcile tick (5 s in the shipped conf) tries the operators again
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(james.imap(ALICE).subjects()).containsExactly("early bird"));
        assertThat(james.parked()).isZero();
    }
}
