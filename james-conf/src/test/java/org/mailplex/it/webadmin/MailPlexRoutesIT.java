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

package org.mailplex.it.webadmin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.BOB;
import static org.mailplex.it.MailPlexJames.PLEX;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.it.ImapClient;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.MailPlexJamesExtension;
import org.mailplex.it.SmtpClient;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The {@code /mailplex} webadmin routes on a real James booted from the shipped configuration:
 * what only a real James proves (the routes come in through {@code extensions.routes}, errors are
 * James's JSON, metrics reach {@code /metrics}, an assignment and a pause act on the real plex and
 * its IMAP mailboxes). Every endpoint case is tested in-process in
 * {@code org.mailplex.webadmin.MailPlexRoutesTest}. Every test starts with both operators paused,
 * an empty queue and empty mailboxes, so mails stay parked until a test releases them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailPlexRoutesIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final MailPlexJamesExtension JAMES = new MailPlexJamesExtension();

    private MailPlexJames james;
    private SmtpClient smtp;
    private ImapClient alice;
    private ImapClient bob;
    private RequestSpecification spec;

    @BeforeAll
    void startJames() throws Exception {
        james = JAMES.fromShippedConf().start().withDemoUsers();
        smtp = james.smtp();
        alice = james.imap(ALICE);
        bob = james.imap(BOB);
        spec = new RequestSpecBuilder()
            .setPort(james.webAdminPort())
            .setBaseUri("http://127.0.0.1")
            .setUrlEncodingEnabled(false)
            .build();
    }

    @BeforeEach
    void pauseEveryoneAndEmptyEverything() throws Exception {
        pause(ALICE);
        pause(BOB);
        for (String key : keys()) {
            api().delete("/mailplex/" + PLEX + "/queue/" + key).then().statusCode(204);
        }
        alice.drain();
        bob.drain();
    }

    private RequestSpecification api() {
        return given().spec(spec);
    }

    private void pause(String operator) {
        api().put("/mailplex/" + PLEX + "/operators/" + operator + "/paused").then().statusCode(204);
    }

    private void resume(String operator) {
        api().delete("/mailplex/" + PLEX + "/operators/" + operator + "/paused").then().statusCode(204);
    }

    private List<String> keys() {
        return api().get("/mailplex/" + PLEX + "/queue").then().statusCode(200).extract().jsonPath().getList("key", String.class);
    }

    /** Sends {@code subjects} to the plex and waits until every one is parked; returns the keys, oldest first. */
    private List<String> park(String... subjects) throws Exception {
        int before = keys().size();
        for (String subject : subjects) {
            smtp.send("customer@example.org", PLEX, subject);
            int expected = before + 1;
            await().atMost(WAIT).until(() -> keys().size() >= expected);
            before = expected;
        }
        return keys();
    }

    private static String subject() {
        return "mail " + UUID.randomUUID();
    }

    private static void assertError(ValidatableResponse response, int status, String type) {
        response.statusCode(status)
            .contentType(ContentType.JSON)
            .body("statusCode", equalTo(status))
            .body("type", equalTo(type))
            .body("message", notNullValue());
    }

    private static void assertNotFound(ValidatableResponse response) {
        assertError(response, 404, "notFound");
    }

    private static void assertBadRequest(ValidatableResponse response) {
        assertError(response, 400, "InvalidArgument");
    }

    /** The routes come from webadmin.properties' extensions.routes, on the plex the shipped configuration starts. */
    @Nested
    class Wiring {
        @Test
        void listShouldShowTheShippedPlexWithItsQueue() throws Exception {
            park(subject(), subject());

            api().get("/mailplex").then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("plex", hasItem(PLEX))
                .body("find { it.plex == '" + PLEX + "' }.queueDepth", equalTo(2))
                .body("find { it.plex == '" + PLEX + "' }.oldestParkedAt", notNullValue())
                .body("find { it.plex == '" + PLEX + "' }.operators.paused", equalTo(2));
        }

        @Test
        void getShouldShowTheRosterOfTheShippedConfiguration() {
            api().get("/mailplex/" + PLEX).then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("operators.operator", org.hamcrest.Matchers.contains(ALICE, BOB))
                .body("mailbox", equalTo("INBOX"));
        }
    }

    /** James's own JSON error format, through James's own webadmin server. */
    @Nested
    class Errors {
        @Test
        void unknownPlexShouldBeAJsonNotFound() {
            assertNotFound(api().get("/mailplex/nobody@mailplex.local").then());
        }

        @Test
        void foreignKeyShouldBeAJsonBadRequest() {
            assertBadRequest(api().get("/mailplex/" + PLEX + "/queue/..%2F..%2Fconf").then());
        }

        @Test
        void aPageLargerThanTheMaximumShouldBeAJsonBadRequest() {
            assertBadRequest(api().get("/mailplex/" + PLEX + "/queue?limit=1001").then());
        }
    }

    @Nested
    class ListQueue {
        @Test
        void pagesShouldComeOldestFirstAndReadOnlyWhatTheyShow() throws Exception {
            List<String> keys = park(subject(), subject(), subject());

            assertThat(api().get("/mailplex/" + PLEX + "/queue?limit=2").then().statusCode(200).extract().jsonPath()
                .getList("key", String.class)).containsExactly(keys.get(0), keys.get(1));
            assertThat(api().get("/mailplex/" + PLEX + "/queue?offset=2&limit=1000").then().statusCode(200).extract().jsonPath()
                .getList("key", String.class)).containsExactly(keys.get(2));
        }
    }

    @Nested
    class AssignParkedMail {
        @Test
        void assignShouldHandTheMailToTheNamedOperatorsImapInbox() throws Exception {
            String first = subject();
            List<String> keys = park(first, subject());

            api().post("/mailplex/" + PLEX + "/queue/" + keys.get(0) + "?action=assign&operator=" + BOB).then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("key", equalTo(keys.get(0)))
                .body("operator", equalTo(BOB));

            // synchronous: delivered when the answer comes
            assertThat(bob.subjects()).containsExactly(first);
            assertThat(alice.subjects()).isEmpty();
            assertThat(keys()).containsExactly(keys.get(1));
        }
    }

    @Nested
    class PauseAndResume {
        @Test
        void mailParkedWhileEveryoneIsPausedShouldReachTheOperatorResumed() throws Exception {
            String subject = subject();
            park(subject);
            api().get("/mailplex/" + PLEX + "/operators/" + ALICE).then()
                .statusCode(200)
                .body("paused", equalTo(true))
                .body("status", equalTo("paused"));

            resume(ALICE);

            await().atMost(WAIT).untilAsserted(() -> assertThat(alice.subjects()).containsExactly(subject));
            assertThat(bob.subjects()).isEmpty();
            api().get("/mailplex/" + PLEX + "/operators/" + ALICE).then().body("paused", equalTo(false));
        }
    }

    @Nested
    class Metrics {
        @Test
        void shouldPublishQueueDepthDispatchesAndTimeWaited() throws Exception {
            park(subject(), subject());
            api().get("/metrics").then()
                .statusCode(200)
                .body(containsString("mailplex_queue_depth_help_mailplex_local 2.0"));

            resume(ALICE);
            await().atMost(WAIT).untilAsserted(() -> assertThat(alice.subjects()).hasSize(1));

            String metrics = api().get("/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics)
                .contains("mailplex_queue_depth_help_mailplex_local 1.0")
                // a MetricFactory counter is a Dropwizard meter: Prometheus adds _total
                .containsPattern("mailplex_dispatched_help_mailplex_local_total [1-9]")
                .containsPattern("mailplex_waited_max_ms_help_mailplex_local [1-9]")
                .contains("mailplex_waited_p50_ms_help_mailplex_local")
                .contains("mailplex_waited_p95_ms_help_mailplex_local");
        }
    }

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }
}
