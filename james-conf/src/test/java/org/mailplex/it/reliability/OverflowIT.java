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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

import io.restassured.RestAssured;

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

    /** An alias of the plex, made through James's webadmin. */
    private static final String SUPPORT = "support@mailplex.local";
    private static final String FULL_HOOK = "            <handler class=\"org.mailplex.smtp.PlexFullRcptHook\"/>\n";

    private MailPlexJames withTwoParkedAtMost() throws Exception {
        return jamesExtension.fromShippedConf(MailPlexJames.replacing("<maxParked>10000</maxParked>",
            "<maxParked>2</maxParked>\n                <overflowProcessor>error</overflowProcessor>"));
    }

    /** Two busy operators, two mails parked: the plex is full. */
    private void fill() throws Exception {
        james.smtp().send("customer@example.org", MailPlexJames.PLEX, "busy 1");
        james.smtp().send("customer@example.org", MailPlexJames.PLEX, "busy 2");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(ALICE).subjects().size() + james.imap(BOB).subjects().size()).isEqualTo(2));
        james.smtp().send("customer@example.org", MailPlexJames.PLEX, "parked 1");
        james.smtp().send("customer@example.org", MailPlexJames.PLEX, "parked 2");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.parked()).isEqualTo(2));
    }

    @Test
    void aFullPlexShouldAnswer452AtRcptSoTheSenderRetriesLater() throws Exception {
        james = withTwoParkedAtMost().start().withDemoUsers();
        fill();

        assertThatThrownBy(() -> james.smtp().send("customer@example.org", MailPlexJames.PLEX, "refused"))
            .hasMessageContaining("452")
            .hasMessageContaining("4.2.2");
        // nothing accepted, nothing bounced (no backscatter), nothing kept
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(count(ERROR)).isZero();
            assertThat(count(OUTGOING_HELD)).isZero();
            assertThat(james.parked()).isEqualTo(2);
        });
        // another recipient is not this hook's business
        james.smtp().send("customer@example.org", MailPlexJames.CAROL, "for carol");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(MailPlexJames.CAROL).subjects()).containsExactly("for carol"));

        // once an operator frees a place, the plex takes mail again
        james.imap(ALICE).drain();
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.parked()).isEqualTo(1));
        james.smtp().send("customer@example.org", MailPlexJames.PLEX, "accepted again");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.parked()).isEqualTo(2));
    }

    @Test
    void anAliasOfAFullPlexShouldAlsoAnswer452AtRcpt() throws Exception {
        james = withTwoParkedAtMost().start().withDemoUsers();
        RestAssured.given().baseUri("http://127.0.0.1").port(james.webAdminPort())
            .put("/address/aliases/" + MailPlexJames.PLEX + "/sources/" + SUPPORT).then().statusCode(204);
        fill();

        assertThatThrownBy(() -> james.smtp().send("customer@example.org", SUPPORT, "refused through the alias"))
            .hasMessageContaining("452")
            .hasMessageContaining("4.2.2");
        // nothing accepted, nothing bounced (no backscatter), nothing kept
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(count(ERROR)).isZero();
            assertThat(count(OUTGOING_HELD)).isZero();
            assertThat(james.parked()).isEqualTo(2);
        });
    }

    @Test
    void mailAcceptedPastMaxParkedShouldGoToTheOverflowProcessor() throws Exception {
        // without the RCPT hook (or for a mail accepted just before the queue filled) the mailet routes
        // the plex's copy to the overflow processor; the shipped "error" processor bounces to the sender
        // and keeps the mail in file://var/mail/error/
        james = withTwoParkedAtMost().editing("smtpserver.xml", MailPlexJames.replacing(FULL_HOOK, ""))
            .start().withDemoUsers();
        fill();

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
