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

package org.mailplex.webadmin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.BOB;
import static org.mailplex.plex.MemoryMailPlex.CAROL;
import static org.mailplex.plex.MemoryMailPlex.CUSTOMER;
import static org.mailplex.plex.MemoryMailPlex.PLEX;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;
import static org.mailplex.plex.MemoryMailPlex.rawMessage;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.Username;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.MutableClock;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.Plex;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The {@code /mailplex} routes in James's own webadmin server ({@link WebAdminUtils}), on a real
 * MailPlexService and administration over James's in-memory parts, with a clock the test moves.
 * One nested class per endpoint. Every test starts with both operators paused and an empty queue,
 * so mails stay parked until a test releases them.
 */
class MailPlexRoutesTest {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final String UNKNOWN_KEY = "1700000000000-000000-00000000";
    private static final String NOBODY = "nobody@mailplex.local";
    private static final String QUEUE = "/mailplex/" + PLEX + "/queue";

    @TempDir
    Path stateFolder;

    private MutableClock clock;
    private MemoryMailPlex james;
    private Plex plex;
    private WebAdminServer server;
    private RequestSpecification spec;

    @BeforeEach
    void setUp() throws Exception {
        clock = new MutableClock(START);
        james = MemoryMailPlex.builder(stateFolder).clock(clock).build();
        plex = james.register(PlexConfiguration.RECONCILE_INTERVAL, "1h");
        james.administration().pause(plex, ALICE);
        james.administration().pause(plex, BOB);
        // the plex has read both mailboxes once (its first tick)
        await().until(() -> plex.scheduler().operators().stream().allMatch(operator -> operator.observedHeld().isPresent()));
        server = WebAdminUtils.createWebAdminServer(new MailPlexRoutes(james.administration(), clock, new JsonTransformer())).start();
        spec = WebAdminUtils.buildRequestSpecification(server)
            .setUrlEncodingEnabled(false)
            .build();
    }

    @AfterEach
    void tearDown() {
        server.destroy();
        james.close();
    }

    private RequestSpecification api() {
        return given().spec(spec);
    }

    private void resume(String operator) {
        api().delete("/mailplex/" + PLEX + "/operators/" + operator + "/paused").then().statusCode(204);
    }

    private List<String> keys() {
        return api().get(QUEUE).then().statusCode(200).extract().jsonPath().getList("key", String.class);
    }

    /** A JSON path segment for a key with dots and at signs. */
    private static String quoted(String key) {
        return "'" + key + "'";
    }

    /** Parks one mail per subject, a second apart; returns their keys, oldest first. */
    private List<String> park(String... subjects) throws Exception {
        List<String> keys = new ArrayList<>();
        for (String subject : subjects) {
            keys.add(plex.park(mail(subject)));
            clock.advance(Duration.ofSeconds(1));
        }
        return keys;
    }

    /**
     * Waits until the plex's loop has done everything asked of it so far: an admin action runs on
     * the loop after what is queued there, and deleting an unknown key changes nothing.
     */
    private void awaitLoopIdle() {
        api().delete(QUEUE + "/" + UNKNOWN_KEY).then().statusCode(404);
    }

    private static void assertError(ValidatableResponse response, int status, String type, String message) {
        assertError(response, status, type, message, null);
    }

    private static void assertError(ValidatableResponse response, int status, String type, String message, String details) {
        response.statusCode(status)
            .contentType(ContentType.JSON)
            .body("statusCode", equalTo(status))
            .body("type", equalTo(type))
            .body("message", equalTo(message))
            .body("details", equalTo(details));
    }

    /** A malformed address: the parser's complaint comes as the details. */
    private static void assertBadAddress(ValidatableResponse response, String what, String address) {
        assertError(response, 400, "InvalidArgument", "Invalid " + what + " address '" + address + "'",
            "Invalid character at 6 in '" + address + "'");
    }

    private static void assertNotFound(ValidatableResponse response, String message) {
        assertError(response, 404, "notFound", message);
    }

    private static void assertBadRequest(ValidatableResponse response, String message) {
        assertError(response, 400, "InvalidArgument", message);
    }

    /** The size of the message {@link MemoryMailPlex#mail(String)} makes. */
    private static int size(String subject) {
        return rawMessage(subject, "<" + subject + "@example.org>").length;
    }

    private static String notAPlex(String plex) {
        return plex + " is not a MailPlex plex";
    }

    private static String notInQueue(String key) {
        return key + " is not in the queue of " + PLEX;
    }

    @Nested
    class ListPlexes {
        @Test
        void listShouldShowQueueDepthOldestWaitAndOperatorCounts() throws Exception {
            park("first", "second");
            clock.set(START.plusSeconds(5));

            api().get("/mailplex").then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("plex", contains(PLEX))
                .body("[0].queueDepth", equalTo(2))
                .body("[0].oldestParkedAt", equalTo("2026-11-25T10:00:00Z"))
                .body("[0].oldestWaitMillis", equalTo(5000))
                .body("[0].operators.paused", equalTo(2))
                .body("[0].operators.free", equalTo(0))
                .body("[0].operators.busy", equalTo(0));
        }

        @Test
        void listShouldShowThisNodeHoldingTheLeaseOnASingleNode() {
            api().get("/mailplex").then()
                .statusCode(200)
                .body("[0].lease.thisNode", equalTo(true))
                .body("[0].lease.epoch", equalTo(1))
                .body("[0].lease.holder", notNullValue());
        }

        @Test
        void listShouldCountFreeAndBusyOperators() throws Exception {
            resume(BOB);
            park("first");
            await().until(() -> plex.recentReleases().size() == 1);

            api().get("/mailplex").then()
                .statusCode(200)
                .body("[0].queueDepth", equalTo(0))
                .body("[0].oldestParkedAt", nullValue())
                .body("[0].oldestWaitMillis", nullValue())
                .body("[0].operators.paused", equalTo(1))
                .body("[0].operators.busy", equalTo(1))
                .body("[0].operators.free", equalTo(0));
        }

        @Test
        void listShouldGiveEveryPlexByAddress() throws Exception {
            james.service().register(MemoryMailPlex.configuration(PlexConfiguration.ACCOUNT, "abuse@mailplex.local",
                PlexConfiguration.OPERATORS, CAROL, PlexConfiguration.REPOSITORY_PATH, "memory://var/mail/mailplex/abuse/"));

            api().get("/mailplex").then()
                .statusCode(200)
                .body("plex", contains("abuse@mailplex.local", PLEX))
                .body("[0].operators.free", equalTo(1));
        }

        @Test
        void listShouldBeEmptyWithoutPlexes() {
            james.service().unregister(MemoryMailPlex.address(PLEX));

            api().get("/mailplex").then()
                .statusCode(200)
                .body("", hasSize(0));
        }
    }

    @Nested
    class GetPlex {
        @Test
        void getShouldShowTheRosterInOrderWithEachOperatorsState() throws Exception {
            park("first");
            resume(BOB);
            await().until(() -> plex.recentReleases().size() == 1);

            api().get("/mailplex/" + PLEX).then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("plex", equalTo(PLEX))
                .body("queueDepth", equalTo(0))
                .body("oldestParkedAt", nullValue())
                .body("mailbox", equalTo("INBOX"))
                .body("busyWhen", equalTo("messages"))
                .body("operators.operator", contains(ALICE, BOB))
                .body("operators[0].status", equalTo("paused"))
                .body("operators[0].paused", equalTo(true))
                .body("operators[0].capacity", equalTo(1))
                .body("operators[0].held", equalTo(0))
                .body("operators[0].dispatched", equalTo(0))
                .body("operators[1].status", equalTo("busy"))
                .body("operators[1].held", equalTo(1))
                .body("operators[1].paused", equalTo(false))
                .body("operators[1].available", equalTo(true))
                .body("operators[1].freeSince", nullValue())
                .body("operators[1].dispatched", equalTo(1));
        }

        @Test
        void getShouldShowTheOldestParkedMail() throws Exception {
            park("first", "second");

            api().get("/mailplex/" + PLEX).then()
                .statusCode(200)
                .body("queueDepth", equalTo(2))
                .body("oldestParkedAt", equalTo("2026-11-25T10:00:00Z"));
        }

        @Test
        void unknownPlexShouldBeNotFound() {
            assertNotFound(api().get("/mailplex/" + NOBODY).then(), notAPlex(NOBODY));
        }

        @Test
        void malformedPlexShouldBeBadRequest() {
            assertBadAddress(api().get("/mailplex/not@an@address").then(), "plex", "not@an@address");
        }
    }

    @Nested
    class ListQueue {
        @Test
        void listShouldReturnParkedMailsOldestFirst() throws Exception {
            List<String> keys = park("first", "second");
            clock.set(START.plusSeconds(10));

            api().get(QUEUE).then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("", hasSize(2))
                .body("key", contains(keys.get(0), keys.get(1)))
                .body("subject", contains("first", "second"))
                .body("sender", contains(CUSTOMER, CUSTOMER))
                .body("parkedAt", contains("2026-11-25T10:00:00Z", "2026-11-25T10:00:01Z"))
                .body("waitedMillis", contains(10_000, 9_000))
                .body("size", contains(size("first"), size("second")));
        }

        @Test
        void listShouldPage() throws Exception {
            List<String> keys = park("first", "second", "third");

            api().get(QUEUE + "?offset=1&limit=1").then()
                .statusCode(200)
                .body("key", contains(keys.get(1)));
            api().get(QUEUE + "?offset=3").then()
                .statusCode(200)
                .body("", hasSize(0));
            api().get(QUEUE + "?limit=2").then()
                .statusCode(200)
                .body("key", contains(keys.get(0), keys.get(1)));
        }

        @Test
        void listShouldGiveAHundredMailsByDefault() throws Exception {
            List<String> keys = new ArrayList<>();
            for (int index = 0; index <= MailPlexRoutes.DEFAULT_LIMIT; index++) {
                keys.add(plex.park(mail("mail " + index)));
            }

            api().get(QUEUE).then()
                .statusCode(200)
                .body("", hasSize(MailPlexRoutes.DEFAULT_LIMIT))
                .body("[99].key", equalTo(keys.get(99)));
            api().get(QUEUE + "?limit=" + MailPlexRoutes.MAX_LIMIT).then()
                .statusCode(200)
                .body("", hasSize(MailPlexRoutes.DEFAULT_LIMIT + 1));
        }

        @Test
        void limitAboveTheMaximumShouldBeBadRequest() {
            assertBadRequest(api().get(QUEUE + "?limit=1001").then(),
                "Invalid 'limit' query parameter: '1001'; expected a whole number from 1 to 1000");
        }

        @Test
        void negativeOffsetShouldBeBadRequest() {
            assertBadRequest(api().get(QUEUE + "?offset=-1").then(),
                "Invalid 'offset' query parameter: '-1'; expected a whole number from 0");
        }

        @Test
        void nonNumericLimitShouldBeBadRequest() {
            assertBadRequest(api().get(QUEUE + "?limit=abc").then(),
                "Invalid 'limit' query parameter: 'abc'; expected a whole number from 1 to 1000");
        }

        @Test
        void zeroLimitShouldBeBadRequest() {
            assertBadRequest(api().get(QUEUE + "?limit=0").then(),
                "Invalid 'limit' query parameter: '0'; expected a whole number from 1 to 1000");
        }

        @Test
        void emptyOffsetShouldBeBadRequest() {
            assertBadRequest(api().get(QUEUE + "?offset=").then(),
                "Invalid 'offset' query parameter: ''; expected a whole number from 0");
        }

        @Test
        void unknownPlexShouldBeNotFound() {
            assertNotFound(api().get("/mailplex/" + NOBODY + "/queue").then(), notAPlex(NOBODY));
        }
    }

    @Nested
    class GetParkedMail {
        @Test
        void getShouldShowOneParkedMail() throws Exception {
            String key = park("first").get(0);
            clock.set(START.plusMillis(1500));

            api().get(QUEUE + "/" + key).then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("key", equalTo(key))
                .body("subject", equalTo("first"))
                .body("sender", equalTo(CUSTOMER))
                .body("size", equalTo(size("first")))
                .body("parkedAt", equalTo("2026-11-25T10:00:00Z"))
                .body("waitedMillis", equalTo(1500));
        }

        @Test
        void unknownKeyShouldBeNotFound() {
            assertNotFound(api().get(QUEUE + "/" + UNKNOWN_KEY).then(), notInQueue(UNKNOWN_KEY));
        }

        @Test
        void foreignKeyShouldBeBadRequest() {
            assertBadRequest(api().get(QUEUE + "/not-a-key").then(), "'not-a-key' is not a MailPlex queue key");
        }

        @Test
        void encodedDotDotShouldBeBadRequest() {
            assertBadRequest(api().get(QUEUE + "/..%2F..%2Fconf").then(), "'../../conf' is not a MailPlex queue key");
            assertBadRequest(api().get(QUEUE + "/%2E%2E").then(), "'..' is not a MailPlex queue key");
        }

        @Test
        void unknownPlexShouldBeNotFound() {
            assertNotFound(api().get("/mailplex/" + NOBODY + "/queue/" + UNKNOWN_KEY).then(), notAPlex(NOBODY));
        }
    }

    @Nested
    class DeleteParkedMail {
        @Test
        void deleteShouldTakeTheMailOutOfTheQueue() throws Exception {
            List<String> keys = park("first", "second");

            api().delete(QUEUE + "/" + keys.get(0)).then().statusCode(204);

            assertThat(keys()).containsExactly(keys.get(1));
            assertThat(james.queue().size()).isEqualTo(1);
            assertNotFound(api().get(QUEUE + "/" + keys.get(0)).then(), notInQueue(keys.get(0)));
        }

        @Test
        void deletedMailShouldNeverBeDelivered() throws Exception {
            String key = park("first").get(0);
            api().delete(QUEUE + "/" + key).then().statusCode(204);

            resume(ALICE);
            park("next");

            await().untilAsserted(() -> assertThat(james.subjects(ALICE)).containsExactly("next"));
        }

        @Test
        void deletingTwiceShouldBeNotFound() throws Exception {
            String key = park("first").get(0);
            api().delete(QUEUE + "/" + key).then().statusCode(204);

            assertNotFound(api().delete(QUEUE + "/" + key).then(), notInQueue(key));
        }

        @Test
        void unknownKeyShouldBeNotFound() {
            assertNotFound(api().delete(QUEUE + "/" + UNKNOWN_KEY).then(), notInQueue(UNKNOWN_KEY));
        }

        @Test
        void foreignKeyShouldBeBadRequestAndChangeNothing() throws Exception {
            park("first");

            assertBadRequest(api().delete(QUEUE + "/README.md").then(), "'README.md' is not a MailPlex queue key");
            assertBadRequest(api().delete(QUEUE + "/..%2F..%2Fconf%2Fwebadmin.properties").then(),
                "'../../conf/webadmin.properties' is not a MailPlex queue key");

            assertThat(james.queue().size()).isEqualTo(1);
        }

        @Test
        void unknownPlexShouldBeNotFoundAndChangeNothing() throws Exception {
            String key = park("first").get(0);

            assertNotFound(api().delete("/mailplex/" + NOBODY + "/queue/" + key).then(), notAPlex(NOBODY));

            assertThat(keys()).containsExactly(key);
        }
    }

    @Nested
    class AssignParkedMail {
        private String assign(String key, String operator) {
            return QUEUE + "/" + key + "?action=assign&operator=" + operator;
        }

        @Test
        void assignShouldHandTheMailToTheNamedOperatorEvenWhenPaused() throws Exception {
            List<String> keys = park("first", "second");

            api().post(assign(keys.get(0), BOB)).then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("key", equalTo(keys.get(0)))
                .body("operator", equalTo(BOB));

            // synchronous: delivered when the answer comes
            assertThat(james.subjects(BOB)).containsExactly("first");
            assertThat(james.subjects(ALICE)).isEmpty();
            assertThat(keys()).containsExactly(keys.get(1));
        }

        @Test
        void assignShouldHandTheMailToABusyOperator() throws Exception {
            List<String> keys = park("first", "second");

            api().post(assign(keys.get(0), ALICE)).then().statusCode(200);
            api().post(assign(keys.get(1), ALICE)).then().statusCode(200);

            assertThat(james.subjects(ALICE)).containsExactly("first", "second");
            assertThat(keys()).isEmpty();
        }

        @Test
        void assignShouldAcceptTheOperatorInAnyCase() throws Exception {
            String key = park("first").get(0);

            api().post(assign(key, "BOB@mailplex.local")).then()
                .statusCode(200)
                .body("operator", equalTo(BOB));
        }

        @Test
        void aFailedDeliveryShouldBeAServerErrorAndTheMailShouldWaitAgain() throws Exception {
            String key = park("first").get(0);
            james.users().removeUser(Username.of(BOB));

            assertError(api().post(assign(key, BOB)).then(), 500, "ServerError",
                "Could not deliver " + key + " to " + BOB + "; it waits again in the queue");

            assertThat(keys()).containsExactly(key);
        }

        @Test
        void missingActionShouldBeBadRequest() throws Exception {
            String key = park("first").get(0);

            assertBadRequest(api().post(QUEUE + "/" + key + "?operator=" + ALICE).then(),
                "Invalid 'action' query parameter: ''; supported: assign");

            assertThat(keys()).containsExactly(key);
        }

        @Test
        void unknownActionShouldBeBadRequest() throws Exception {
            String key = park("first").get(0);

            assertBadRequest(api().post(QUEUE + "/" + key + "?action=steal&operator=" + ALICE).then(),
                "Invalid 'action' query parameter: 'steal'; supported: assign");

            assertThat(keys()).containsExactly(key);
        }

        @Test
        void missingOperatorShouldBeBadRequest() throws Exception {
            String key = park("first").get(0);

            assertBadRequest(api().post(QUEUE + "/" + key + "?action=assign").then(), "'operator' query parameter is mandatory");

            assertThat(keys()).containsExactly(key);
        }

        @Test
        void malformedOperatorShouldBeBadRequest() throws Exception {
            String key = park("first").get(0);

            assertBadAddress(api().post(assign(key, "alice@@mailplex")).then(), "operator", "alice@@mailplex");

            assertThat(keys()).containsExactly(key);
        }

        @Test
        void operatorOffTheRosterShouldBeNotFound() throws Exception {
            String key = park("first").get(0);

            assertNotFound(api().post(assign(key, CAROL)).then(), CAROL + " is not on the roster of " + PLEX);

            assertThat(keys()).containsExactly(key);
            assertThat(james.inbox(CAROL)).isEmpty();
        }

        @Test
        void unknownKeyShouldBeNotFound() {
            assertNotFound(api().post(assign(UNKNOWN_KEY, ALICE)).then(), notInQueue(UNKNOWN_KEY));

            assertThat(keys()).isEmpty();
        }

        @Test
        void foreignKeyShouldBeBadRequest() throws Exception {
            String key = park("first").get(0);

            assertBadRequest(api().post(assign("..%2F" + key, ALICE)).then(), "'../" + key + "' is not a MailPlex queue key");

            assertThat(keys()).containsExactly(key);
            assertThat(james.inbox(ALICE)).isEmpty();
        }

        @Test
        void unknownPlexShouldBeNotFound() throws Exception {
            String key = park("first").get(0);

            assertNotFound(api().post("/mailplex/" + NOBODY + "/queue/" + key + "?action=assign&operator=" + ALICE).then(),
                notAPlex(NOBODY));

            assertThat(keys()).containsExactly(key);
        }
    }

    @Nested
    class GetOperator {
        @Test
        void getShouldShowThePausedOperator() {
            api().get("/mailplex/" + PLEX + "/operators/" + ALICE).then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("operator", equalTo(ALICE))
                .body("paused", equalTo(true))
                .body("status", equalTo("paused"))
                .body("held", equalTo(0))
                .body("capacity", equalTo(1))
                .body("available", equalTo(true))
                .body("freeSince", equalTo("2026-11-25T10:00:00Z"))
                .body("dispatched", equalTo(0));
        }

        @Test
        void getShouldCountWhatTheOperatorWasGiven() throws Exception {
            String key = park("first").get(0);
            api().post(QUEUE + "/" + key + "?action=assign&operator=" + ALICE).then().statusCode(200);

            await().untilAsserted(() -> api().get("/mailplex/" + PLEX + "/operators/" + ALICE).then()
                .statusCode(200)
                .body("held", equalTo(1))
                .body("freeSince", nullValue())
                .body("dispatched", equalTo(1)));
        }

        @Test
        void operatorOffTheRosterShouldBeNotFound() {
            assertNotFound(api().get("/mailplex/" + PLEX + "/operators/" + CAROL).then(), CAROL + " is not on the roster of " + PLEX);
        }

        @Test
        void malformedOperatorShouldBeBadRequest() {
            assertBadAddress(api().get("/mailplex/" + PLEX + "/operators/alice@@x").then(), "operator", "alice@@x");
        }

        @Test
        void unknownPlexShouldBeNotFound() {
            assertNotFound(api().get("/mailplex/" + NOBODY + "/operators/" + ALICE).then(), notAPlex(NOBODY));
        }
    }

    @Nested
    class PauseAndResume {
        @Test
        void aPausedOperatorShouldGetNothingAndStayOnTheRoster() throws Exception {
            resume(BOB);
            String one = park("one").get(0);
            await().untilAsserted(() -> assertThat(james.subjects(BOB)).containsExactly("one"));
            String two = park("two").get(0);
            awaitLoopIdle();

            // alice is free and paused: the second mail waits for bob
            assertThat(keys()).containsExactly(two);
            assertThat(james.inbox(ALICE)).isEmpty();
            api().get("/mailplex/" + PLEX).then().body("operators.operator", contains(ALICE, BOB));

            resume(ALICE);

            await().untilAsserted(() -> assertThat(james.subjects(ALICE)).containsExactly("two"));
            assertThat(plex.recentReleases().get(0).key()).isEqualTo(one);
        }

        @Test
        void pauseShouldBeIdempotentAndShow() {
            api().put("/mailplex/" + PLEX + "/operators/" + ALICE + "/paused").then().statusCode(204);
            api().put("/mailplex/" + PLEX + "/operators/" + ALICE + "/paused").then().statusCode(204);
            api().get("/mailplex/" + PLEX + "/operators/" + ALICE).then().body("paused", equalTo(true));

            resume(ALICE);
            resume(ALICE);

            api().get("/mailplex/" + PLEX + "/operators/" + ALICE).then()
                .body("paused", equalTo(false))
                .body("status", equalTo("free"));
        }

        @Test
        void pauseShouldBeSavedForTheNextStart() {
            resume(ALICE);
            api().put("/mailplex/" + PLEX + "/operators/" + BOB + "/paused").then().statusCode(204);

            assertThat(james.state().state(PLEX).paused()).containsExactly(BOB);
        }

        @Test
        void operatorOffTheRosterShouldBeNotFound() {
            assertNotFound(api().put("/mailplex/" + PLEX + "/operators/" + CAROL + "/paused").then(),
                CAROL + " is not on the roster of " + PLEX);
            assertNotFound(api().delete("/mailplex/" + PLEX + "/operators/" + CAROL + "/paused").then(),
                CAROL + " is not on the roster of " + PLEX);
        }

        @Test
        void malformedOperatorShouldBeBadRequestAndChangeNothing() {
            assertBadAddress(api().delete("/mailplex/" + PLEX + "/operators/alice@@x/paused").then(), "operator", "alice@@x");

            api().get("/mailplex/" + PLEX + "/operators/" + ALICE).then().body("paused", equalTo(true));
        }

        @Test
        void unknownPlexShouldBeNotFound() {
            assertNotFound(api().put("/mailplex/" + NOBODY + "/operators/" + ALICE + "/paused").then(), notAPlex(NOBODY));
        }
    }

    @Nested
    class Stats {
        @Test
        void statsShouldCountDispatchesAndTimeWaitedPerOperator() throws Exception {
            park("first");
            clock.set(START.plusSeconds(90));

            resume(BOB);
            await().until(() -> james.state().state(PLEX).dispatched(BOB) == 1);

            api().get("/mailplex/" + PLEX + "/stats").then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("plex", equalTo(PLEX))
                .body("dispatched", equalTo(1))
                .body("waited.samples", equalTo(1))
                .body("waited.p50Millis", equalTo(90_000))
                .body("waited.p95Millis", equalTo(90_000))
                .body("waited.maxMillis", equalTo(90_000))
                .body("operators.operator", contains(ALICE, BOB))
                .body("operators[0].dispatched", equalTo(0))
                .body("operators[0].waited.samples", equalTo(0))
                .body("operators[1].dispatched", equalTo(1))
                .body("operators[1].waited.maxMillis", equalTo(90_000));
        }

        @Test
        void statsShouldGiveTheLastDaysServiceLevelFairnessAndCharts() throws Exception {
            park("first", "second");
            clock.set(START.plus(Duration.ofMinutes(6)));
            resume(BOB);
            await().until(() -> james.state().state(PLEX).dispatched(BOB) == 1);
            resume(ALICE);
            await().until(() -> james.state().state(PLEX).dispatched(ALICE) == 1);

            api().get("/mailplex/" + PLEX + "/stats").then()
                .statusCode(200)
                .body("serviceLevel.targetMillis", equalTo(300_000))
                .body("serviceLevel.samples", equalTo(2))
                .body("serviceLevel.withinTarget", equalTo(0))
                .body("serviceLevel.ratio", equalTo(0.0f))
                .body("fairness", equalTo(1.0f))
                .body("lastDay.dispatched." + quoted(ALICE), equalTo(1))
                .body("lastDay.dispatched." + quoted(BOB), equalTo(1))
                .body("lastDay.waitBoundsMillis", hasSize(7))
                .body("lastDay.waitCounts[4]", equalTo(2))
                .body("lastDay.releasesPerHour", hasSize(24))
                .body("lastDay.releasesPerHour[23]", equalTo(2));
        }

        @Test
        void statsShouldBeZeroBeforeAnyDispatch() {
            api().get("/mailplex/" + PLEX + "/stats").then()
                .statusCode(200)
                .body("dispatched", equalTo(0))
                .body("waited.samples", equalTo(0))
                .body("waited.maxMillis", equalTo(0))
                .body("serviceLevel.samples", equalTo(0))
                .body("serviceLevel.ratio", equalTo(1.0f))
                .body("fairness", equalTo(1.0f));
        }

        @Test
        void unknownPlexShouldBeNotFound() {
            assertNotFound(api().get("/mailplex/" + NOBODY + "/stats").then(), notAPlex(NOBODY));
        }
    }

    @Nested
    class Releases {
        @Test
        void releasesShouldBeInReleaseOrder() throws Exception {
            List<String> keys = park("first", "second", "third");
            api().post(QUEUE + "/" + keys.get(1) + "?action=assign&operator=" + ALICE).then().statusCode(200);
            clock.set(START.plusSeconds(60));
            resume(BOB);
            await().until(() -> plex.recentReleases().size() == 2);

            api().get("/mailplex/" + PLEX + "/releases").then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("key", contains(keys.get(1), keys.get(0)))
                .body("operator", contains(ALICE, BOB))
                .body("messageId", contains("<second@example.org>", "<first@example.org>"))
                .body("releasedAt", contains("2026-11-25T10:00:03Z", "2026-11-25T10:01:00Z"))
                .body("waitedMillis", contains(2000, 60_000));
        }

        @Test
        void releasesShouldBeEmptyBeforeAnyRelease() throws Exception {
            park("first");

            api().get("/mailplex/" + PLEX + "/releases").then()
                .statusCode(200)
                .body("", hasSize(0));
        }

        @Test
        void unknownPlexShouldBeNotFound() {
            assertNotFound(api().get("/mailplex/" + NOBODY + "/releases").then(), notAPlex(NOBODY));
        }
    }

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Nested
    class Away {
        private String key;

        /** alice (the only one not paused) never opens her mail; 31 minutes later it is taken back. */
        @BeforeEach
        void aliceLeavesHerMailUnopened() throws Exception {
            james.service().unregister(MemoryMailPlex.address(PLEX));
            plex = james.register(PlexConfiguration.RECONCILE_INTERVAL, "100ms", PlexConfiguration.RECLAIM_AFTER, "30m");
            resume(ALICE);
            key = park("first").get(0);
            await().until(() -> plex.recentReleases().size() == 1);
            clock.advance(Duration.ofMinutes(31));
            // the reclaim is over once it is counted, after the mail is parked and alice away
            await().until(() -> james.state().state(PLEX).reclaimed(ALICE) == 1);
        }

        @Test
        void getPlexShouldShowWhoIsAwaySinceWhenAndHowOftenMailWasTakenBack() {
            api().get("/mailplex/" + PLEX).then()
                .statusCode(200)
                .body("operators[0].status", equalTo("away"))
                .body("operators[0].away", equalTo(true))
                .body("operators[0].awaySince", equalTo("2026-11-25T10:31:01Z"))
                .body("operators[0].reclaimed", equalTo(1))
                .body("operators[0].dispatched", equalTo(1))
                .body("operators[1].away", equalTo(false))
                .body("operators[1].awaySince", nullValue());
            api().get("/mailplex").then()
                .statusCode(200)
                .body("[0].operators.away", equalTo(1));
            api().get("/mailplex/" + PLEX + "/stats").then()
                .statusCode(200)
                .body("operators[0].reclaimed", equalTo(1))
                .body("operators[1].reclaimed", equalTo(0));
        }

        @Test
        void queueShouldShowWhomAParkedMailWasTakenBackFrom() throws Exception {
            park("younger");

            api().get(QUEUE).then()
                .statusCode(200)
                .body("key", hasSize(2))
                .body("[0].key", equalTo(key))
                .body("[0].reclaimedFrom.operator", contains(ALICE))
                .body("[0].reclaimedFrom[0].at", equalTo("2026-11-25T10:31:01Z"))
                .body("[1].reclaimedFrom", hasSize(0));
            api().get(QUEUE + "/" + key).then()
                .statusCode(200)
                .body("reclaimedFrom.operator", contains(ALICE));
        }

        @Test
        void resumeShouldBringAnAwayOperatorBack() {
            resume(ALICE);

            api().get("/mailplex/" + PLEX + "/operators/" + ALICE).then()
                .statusCode(200)
                .body("away", equalTo(false))
                .body("awaySince", nullValue());
        }
    }
}
