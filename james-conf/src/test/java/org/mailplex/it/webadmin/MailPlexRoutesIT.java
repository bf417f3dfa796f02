package org.mailplex.it.webadmin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.BOB;
import static org.mailplex.it.MailPlexJames.CAROL;
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
 * The {@code /mailplex} webadmin routes on a real James booted from the shipped configuration,
 * one nested class per endpoint. Every test starts with both operators paused, an empty queue and
 * empty mailboxes, so mails stay parked until a test releases them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailPlexRoutesIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String UNKNOWN_KEY = "1700000000000-000000-00000000";

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

    @Nested
    class ListPlexes {
        @Test
        void shouldListThePlexWithQueueDepthOldestWaitAndOperatorCounts() throws Exception {
            park(subject(), subject());

            api().get("/mailplex").then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("plex", hasItem(PLEX))
                .body("find { it.plex == '" + PLEX + "' }.queueDepth", equalTo(2))
                .body("find { it.plex == '" + PLEX + "' }.oldestParkedAt", notNullValue())
                .body("find { it.plex == '" + PLEX + "' }.oldestWaitMillis", greaterThanOrEqualTo(0))
                .body("find { it.plex == '" + PLEX + "' }.operators.paused", equalTo(2))
                .body("find { it.plex == '" + PLEX + "' }.operators.free", equalTo(0))
                .body("find { it.plex == '" + PLEX + "' }.operators.busy", equalTo(0));
        }

        @Test
        void shouldCountFreeAndBusyOperators() throws Exception {
            resume(BOB);
            String subject = subject();
            smtp.send("customer@example.org", PLEX, subject);
            await().atMost(WAIT).untilAsserted(() -> assertThat(bob.subjects()).containsExactly(subject));

            api().get("/mailplex").then()
                .statusCode(200)
                .body("find { it.plex == '" + PLEX + "' }.queueDepth", equalTo(0))
                .body("find { it.plex == '" + PLEX + "' }.oldestParkedAt", nullValue())
                .body("find { it.plex == '" + PLEX + "' }.operators.paused", equalTo(1))
                .body("find { it.plex == '" + PLEX + "' }.operators.busy", equalTo(1));
        }
    }

    @Nested
    class GetPlex {
        @Test
        void shouldShowTheRosterInOrderWithEachOperatorsState() throws Exception {
            park(subject());
            resume(BOB);
            await().atMost(WAIT).untilAsserted(() -> assertThat(bob.subjects()).hasSize(1));

            api().get("/mailplex/" + PLEX).then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("plex", equalTo(PLEX))
                .body("queueDepth", equalTo(0))
                .body("mailbox", equalTo("INBOX"))
                .body("busyWhen", equalTo("messages"))
                .body("operators.operator", org.hamcrest.Matchers.contains(ALICE, BOB))
                .body("operators[0].status", equalTo("paused"))
                .body("operators[0].paused", equalTo(true))
                .body("operators[0].capacity", equalTo(1))
                .body("operators[1].status", equalTo("busy"))
                .body("operators[1].held", equalTo(1))
                .body("operators[1].paused", equalTo(false))
                .body("operators[1].available", equalTo(true))
                .body("operators[1].freeSince", nullValue())
                .body("operators[1].dispatched", greaterThanOrEqualTo(1));
        }

        @Test
        void unknownPlexShouldBeNotFound() {
            assertNotFound(api().get("/mailplex/nobody@mailplex.local").then());
        }

        @Test
        void malformedPlexShouldBeBadRequest() {
            assertBadRequest(api().get("/mailplex/not@an@address").then());
        }
    }

    @Nested
    class ListQueue {
        @Test
        void shouldListParkedMailsOldestFirst() throws Exception {
            String first = subject();
            String second = subject();
            List<String> keys = park(first, second);

            api().get("/mailplex/" + PLEX + "/queue").then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("", hasSize(2))
                .body("key", org.hamcrest.Matchers.contains(keys.get(0), keys.get(1)))
                .body("subject", org.hamcrest.Matchers.contains(first, second))
                .body("[0].sender", equalTo("customer@example.org"))
                .body("[0].size", org.hamcrest.Matchers.greaterThan(0))
                .body("[0].parkedAt", notNullValue())
                .body("[0].waitedMillis", greaterThanOrEqualTo(0));
        }

        @Test
        void shouldPage() throws Exception {
            List<String> keys = park(subject(), subject(), subject());

            api().get("/mailplex/" + PLEX + "/queue?offset=1&limit=1").then()
                .statusCode(200)
                .body("key", org.hamcrest.Matchers.contains(keys.get(1)));
            api().get("/mailplex/" + PLEX + "/queue?offset=3").then()
                .statusCode(200)
                .body("", hasSize(0));
            api().get("/mailplex/" + PLEX + "/queue?limit=2").then()
                .statusCode(200)
                .body("key", org.hamcrest.Matchers.contains(keys.get(0), keys.get(1)));
        }

        @Test
        void negativeOffsetShouldBeBadRequest() {
            assertBadRequest(api().get("/mailplex/" + PLEX + "/queue?offset=-1").then());
        }

        @Test
        void nonNumericLimitShouldBeBadRequest() {
            assertBadRequest(api().get("/mailplex/" + PLEX + "/queue?limit=abc").then());
        }

        @Test
        void zeroLimitShouldBeBadRequest() {
            assertBadRequest(api().get("/mailplex/" + PLEX + "/queue?limit=0").then());
        }

        @Test
        void unknownPlexShouldBeNotFound() {
            assertNotFound(api().get("/mailplex/nobody@mailplex.local/queue").then());
        }
    }

    @Nested
    class GetParkedMail {
        @Test
        void shouldShowOneParkedMail() throws Exception {
            String subject = subject();
            String key = park(subject).get(0);

            api().get("/mailplex/" + PLEX + "/queue/" + key).then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("key", equalTo(key))
                .body("subject", equalTo(subject))
                .body("sender", equalTo("customer@example.org"))
                .body("size", org.hamcrest.Matchers.greaterThan(0))
                .body("parkedAt", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"))
                .body("waitedMillis", greaterThanOrEqualTo(0));
        }

        @Test
        void unknownKeyShouldBeNotFound() {
            assertNotFound(api().get("/mailplex/" + PLEX + "/queue/" + UNKNOWN_KEY).then());
        }

        @Test
        void foreignKeyShouldBeBadRequest() {
            assertBadRequest(api().get("/mailplex/" + PLEX + "/queue/not-a-key").then());
        }

        @Test
        void encodedDotDotShouldBeBadRequest() {
            assertBadRequest(api().get("/mailplex/" + PLEX + "/queue/..%2F..%2Fconf").then());
            assertBadRequest(api().get("/mailplex/" + PLEX + "/queue/%2E%2E").then());
        }

        @Test
        void unknownPlexShouldBeNotFound() {
            assertNotFound(api().get("/mailplex/nobody@mailplex.local/queue/" + UNKNOWN_KEY).then());
        }
    }

    @Nested
    class DeleteParkedMail {
        @Test
        void shouldTakeTheMailOutOfTheQueue() throws Exception {
            List<String> keys = park(subject(), subject());

            api().delete("/mailplex/" + PLEX + "/queue/" + keys.get(0)).then().statusCode(204);

            assertThat(keys()).containsExactly(keys.get(1));
            assertThat(james.parked()).isEqualTo(1);
            assertNotFound(api().get("/mailplex/" + PLEX + "/queue/" + keys.get(0)).then());
        }

        @Test
        void deletedMailShouldNeverBeDelivered() throws Exception {
            String key = park(subject()).get(0);
            api().delete("/mailplex/" + PLEX + "/queue/" + key).then().statusCode(204);

            resume(ALICE);
            String next = subject();
            smtp.send("customer@example.org", PLEX, next);

            await().atMost(WAIT).untilAsserted(() -> assertThat(alice.subjects()).containsExactly(next));
        }

        @Test
        void unknownKeyShouldBeNotFound() {
            assertNotFound(api().delete("/mailplex/" + PLEX + "/queue/" + UNKNOWN_KEY).then());
        }

        @Test
        void foreignKeyShouldBeBadRequestAndChangeNothing() throws Exception {
            park(subject());

            assertBadRequest(api().delete("/mailplex/" + PLEX + "/queue/README.md").then());
            assertBadRequest(api().delete("/mailplex/" + PLEX + "/queue/..%2F..%2Fconf%2Fwebadmin.properties").then());

            assertThat(james.parked()).isEqualTo(1);
        }

        @Test
        void unknownPlexShouldBeNotFoundAndChangeNothing() throws Exception {
            String key = park(subject()).get(0);

            assertNotFound(api().delete("/mailplex/nobody@mailplex.local/queue/" + key).then());

            assertThat(keys()).containsExactly(key);
        }
    }

    @Nested
    class AssignParkedMail {
        private String assignPath(String key) {
            return "/mailplex/" + PLEX + "/queue/" + key;
        }

        @Test
        void shouldHandTheMailToTheNamedOperatorEvenWhenPaused() throws Exception {
            String first = subject();
            List<String> keys = park(first, subject());

            api().post(assignPath(keys.get(0)) + "?action=assign&operator=" + BOB).then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("key", equalTo(keys.get(0)))
                .body("operator", equalTo(BOB));

            // synchronous: delivered when the answer comes
            assertThat(bob.subjects()).containsExactly(first);
            assertThat(alice.subjects()).isEmpty();
            assertThat(keys()).containsExactly(keys.get(1));
        }

        @Test
        void shouldHandTheMailToABusyOperator() throws Exception {
            List<String> keys = park(subject(), subject());

            api().post(assignPath(keys.get(0)) + "?action=assign&operator=" + ALICE).then().statusCode(200);
            api().post(assignPath(keys.get(1)) + "?action=assign&operator=" + ALICE).then().statusCode(200);

            assertThat(alice.subjects()).hasSize(2);
            assertThat(keys()).isEmpty();
        }

        @Test
        void missingActionShouldBeBadRequest() throws Exception {
            String key = park(subject()).get(0);
            assertBadRequest(api().post(assignPath(key) + "?operator=" + ALICE).then());
            assertThat(keys()).containsExactly(key);
        }

        @Test
        void unknownActionShouldBeBadRequest() throws Exception {
            String key = park(subject()).get(0);
            assertBadRequest(api().post(assignPath(key) + "?action=steal&operator=" + ALICE).then());
            assertThat(keys()).containsExactly(key);
        }

        @Test
        void missingOperatorShouldBeBadRequest() throws Exception {
            String key = park(subject()).get(0);
            assertBadRequest(api().post(assignPath(key) + "?action=assign").then());
            assertThat(keys()).containsExactly(key);
        }

        @Test
        void malformedOperatorShouldBeBadRequest() throws Exception {
            String key = park(subject()).get(0);
            assertBadRequest(api().post(assignPath(key) + "?action=assign&operator=alice@@mailplex").then());
            assertThat(keys()).containsExactly(key);
        }

        @Test
        void operatorOffTheRosterShouldBeNotFound() throws Exception {
            String key = park(subject()).get(0);
            assertNotFound(api().post(assignPath(key) + "?action=assign&operator=" + CAROL).then());
            assertThat(keys()).containsExactly(key);
            assertThat(james.imap(CAROL).subjects()).isEmpty();
        }

        @Test
        void unknownKeyShouldBeNotFound() {
            assertNotFound(api().post(assignPath(UNKNOWN_KEY) + "?action=assign&operator=" + ALICE).then());
            assertThat(keys()).isEmpty();
        }

        @Test
        void foreignKeyShouldBeBadRequest() throws Exception {
            String key = park(subject()).get(0);
            assertBadRequest(api().post(assignPath("..%2F" + key) + "?action=assign&operator=" + ALICE).then());
            assertThat(keys()).containsExactly(key);
            assertThat(alice.subjects()).isEmpty();
        }

        @Test
        void unknownPlexShouldBeNotFound() throws Exception {
            String key = park(subject()).get(0);
            assertNotFound(api().post("/mailplex/nobody@mailplex.local/queue/" + key + "?action=assign&operator=" + ALICE).then());
            assertThat(keys()).containsExactly(key);
        }
    }

    @Nested
    class GetOperator {
        @Test
        void shouldShowTheOperator() {
            api().get("/mailplex/" + PLEX + "/operators/" + ALICE).then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("operator", equalTo(ALICE))
                .body("paused", equalTo(true))
                .body("status", equalTo("paused"))
                .body("held", equalTo(0))
                .body("capacity", equalTo(1));
        }

        @Test
        void operatorOffTheRosterShouldBeNotFound() {
            assertNotFound(api().get("/mailplex/" + PLEX + "/operators/" + CAROL).then());
        }

        @Test
        void malformedOperatorShouldBeBadRequest() {
            assertBadRequest(api().get("/mailplex/" + PLEX + "/operators/alice@@x").then());
        }
    }

    @Nested
    class PauseAndResume {
        @Test
        void pausedOperatorShouldGetNothingAndStayOnTheRoster() throws Exception {
            resume(BOB);
            String one = subject();
            String two = subject();
            smtp.send("customer@example.org", PLEX, one);
            await().atMost(WAIT).untilAsserted(() -> assertThat(bob.subjects()).containsExactly(one));
            smtp.send("customer@example.org", PLEX, two);
            await().atMost(WAIT).until(() -> keys().size() == 1);

            // alice is free and paused: the second mail waits for bob
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(alice.subjects()).isEmpty());
            api().get("/mailplex/" + PLEX).then().body("operators.operator", hasItem(ALICE));

            resume(ALICE);
            await().atMost(WAIT).untilAsserted(() -> assertThat(alice.subjects()).containsExactly(two));
        }

        @Test
        void pauseShouldBeIdempotentAndShow() {
            pause(ALICE);
            pause(ALICE);
            api().get("/mailplex/" + PLEX + "/operators/" + ALICE).then().body("paused", equalTo(true));

            resume(ALICE);
            resume(ALICE);
            api().get("/mailplex/" + PLEX + "/operators/" + ALICE).then()
                .body("paused", equalTo(false))
                .body("status", equalTo("free"));
        }

        @Test
        void operatorOffTheRosterShouldBeNotFound() {
            assertNotFound(api().put("/mailplex/" + PLEX + "/operators/" + CAROL + "/paused").then());
            assertNotFound(api().delete("/mailplex/" + PLEX + "/operators/" + CAROL + "/paused").then());
        }

        @Test
        void malformedOperatorShouldBeBadRequestAndChangeNothing() {
            assertBadRequest(api().delete("/mailplex/" + PLEX + "/operators/alice@@x/paused").then());
            api().get("/mailplex/" + PLEX + "/operators/" + ALICE).then().body("paused", equalTo(true));
        }

        @Test
        void unknownPlexShouldBeNotFound() {
            assertNotFound(api().put("/mailplex/nobody@mailplex.local/operators/" + ALICE + "/paused").then());
        }
    }

    @Nested
    class Stats {
        @Test
        void shouldCountDispatchesAndTimeWaitedPerOperator() throws Exception {
            int before = api().get("/mailplex/" + PLEX + "/stats").then().statusCode(200)
                .extract().jsonPath().getInt("operators.find { it.operator == '" + BOB + "' }.dispatched");
            park(subject());
            resume(BOB);
            await().atMost(WAIT).untilAsserted(() -> assertThat(bob.subjects()).hasSize(1));

            api().get("/mailplex/" + PLEX + "/stats").then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("plex", equalTo(PLEX))
                .body("dispatched", greaterThanOrEqualTo(before + 1))
                .body("waited.samples", greaterThanOrEqualTo(1))
                .body("waited.p50Millis", greaterThanOrEqualTo(0))
                .body("waited.p95Millis", greaterThanOrEqualTo(0))
                .body("waited.maxMillis", org.hamcrest.Matchers.greaterThan(0))
                .body("operators.operator", org.hamcrest.Matchers.contains(ALICE, BOB))
                .body("operators.find { it.operator == '" + BOB + "' }.dispatched", equalTo(before + 1))
                .body("operators.find { it.operator == '" + BOB + "' }.waited.maxMillis", org.hamcrest.Matchers.greaterThan(0));
        }

        @Test
        void unknownPlexShouldBeNotFound() {
            assertNotFound(api().get("/mailplex/nobody@mailplex.local/stats").then());
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
