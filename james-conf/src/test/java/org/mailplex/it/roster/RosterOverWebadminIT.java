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

package org.mailplex.it.roster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.BOB;
import static org.mailplex.it.MailPlexJames.CAROL;
import static org.mailplex.it.MailPlexJames.PLEX;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.MailPlexJamesExtension;

import io.restassured.specification.RequestSpecification;

/**
 * The roster changed over webadmin on a real James from the shipped configuration: an operator
 * added gets mail with no restart and stays on the roster across one; one taken off gets no new
 * mail while what she held stays in her INBOX.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RosterOverWebadminIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CUSTOMER = "customer@example.org";
    private static final String ROSTER = "/mailplex/" + PLEX + "/operators";

    @RegisterExtension
    static final MailPlexJamesExtension JAMES = new MailPlexJamesExtension();

    private MailPlexJames james;

    @BeforeAll
    void startJames() throws Exception {
        james = JAMES.fromShippedConf().start().withDemoUsers();
    }

    private RequestSpecification api() {
        return given().baseUri("http://127.0.0.1").port(james.webAdminPort()).urlEncodingEnabled(false);
    }

    @BeforeEach
    void backToTheShippedRosterWithEmptyMailboxes() throws Exception {
        api().delete(ROSTER).then().statusCode(204);
        for (String operator : List.of(ALICE, BOB)) {
            api().delete(ROSTER + "/" + operator + "/paused").then().statusCode(204);
        }
        for (String operator : List.of(ALICE, BOB, CAROL)) {
            james.imap(operator).drain();
        }
    }

    @Test
    void anOperatorAddedOverWebadminShouldGetTheNextMailAndStayOnTheRosterAfterARestart() throws Exception {
        api().put(ROSTER + "/" + ALICE + "/paused").then().statusCode(204);
        api().put(ROSTER + "/" + BOB + "/paused").then().statusCode(204);

        api().body("{\"capacity\": 1}").put(ROSTER + "/" + CAROL).then().statusCode(201);
        james.smtp().send(CUSTOMER, PLEX, "for the new hire");

        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(CAROL).subjects()).containsExactly("for the new hire"));

        james.restart().withDemoUsers();

        assertThat(Files.readString(james.workingDirectory().resolve("var/mailplex/" + PLEX + "/roster.tsv")))
            .contains(CAROL.replace("@", "%40"));
        api().get("/mailplex/" + PLEX).then()
            .statusCode(200)
            .body("operators.operator", contains(ALICE, BOB, CAROL))
            .body("rosterSource", equalTo("webadmin"))
            .body("configuredOperators", contains(ALICE + ":1", BOB + ":1"));
        // alice and bob are still paused: the memory app forgot carol's INBOX, and she is free again
        james.smtp().send(CUSTOMER, PLEX, "after the restart");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(CAROL).subjects()).containsExactly("after the restart"));
        assertThat(james.imap(ALICE).subjects()).isEmpty();
        assertThat(james.imap(BOB).subjects()).isEmpty();
    }

    @Test
    void aRemovedOperatorShouldGetNoNewMailWhileWhatSheHeldStays() throws Exception {
        api().put(ROSTER + "/" + BOB + "/paused").then().statusCode(204);
        james.smtp().send(CUSTOMER, PLEX, "held by alice");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(ALICE).subjects()).containsExactly("held by alice"));

        api().delete(ROSTER + "/" + ALICE).then().statusCode(204);
        api().delete(ROSTER + "/" + BOB + "/paused").then().statusCode(204);
        james.imap(ALICE).drain();
        james.smtp().send(CUSTOMER, PLEX, "first after");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(BOB).subjects()).containsExactly("first after"));
        // sent once the first is with bob: two mails sent at once may be parked in either order by James's spool threads
        james.smtp().send(CUSTOMER, PLEX, "second after");

        // alice's INBOX is empty and she was first on the roster: still she gets nothing, the second mail waits for bob
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(james.imap(ALICE).subjects()).isEmpty();
            assertThat(james.parked()).isEqualTo(1);
        });
        api().get("/mailplex/" + PLEX).then().body("operators.operator", contains(BOB));
        api().get("/mailplex/" + PLEX + "/operators/" + ALICE).then().statusCode(404);
    }

    @Test
    void whatAliceHeldWhenRemovedShouldStayInHerInbox() throws Exception {
        api().put(ROSTER + "/" + BOB + "/paused").then().statusCode(204);
        james.smtp().send(CUSTOMER, PLEX, "kept by alice");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(ALICE).subjects()).containsExactly("kept by alice"));

        api().delete(ROSTER + "/" + ALICE).then().statusCode(204);
        api().delete(ROSTER + "/" + BOB + "/paused").then().statusCode(204);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(james.imap(ALICE).subjects()).containsExactly("kept by alice"));
        assertThat(james.parked()).isZero();
    }
}
