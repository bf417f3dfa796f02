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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.BOB;
import static org.mailplex.plex.MemoryMailPlex.CAROL;
import static org.mailplex.plex.MemoryMailPlex.PLEX;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The roster, schedule and absence routes ({@link OperatorRoutes}) in James's own webadmin server,
 * next to {@link MailPlexRoutes}, on a real MailPlexService over James's in-memory parts. Every
 * test starts with alice and bob paused, so mail goes only where a test lets it.
 */
class OperatorRoutesTest {
    /** A Wednesday. */
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final String ROSTER = "/mailplex/" + PLEX + "/operators";
    private static final String DAVE = "dave@mailplex.local";

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
        plex = james.register(PlexConfiguration.RECONCILE_INTERVAL, "1h", PlexConfiguration.RECLAIM_AFTER, "30m");
        james.administration().pause(plex, ALICE);
        james.administration().pause(plex, BOB);
        await().until(() -> plex.scheduler().operators().stream().allMatch(operator -> operator.observedHeld().isPresent()));
        server = WebAdminUtils.createWebAdminServer(new MailPlexRoutes(james.administration(), clock, new JsonTransformer()),
            new OperatorRoutes(james.administration(), james.operatorAdministration(), new JsonTransformer())).start();
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

    private static void assertError(ValidatableResponse response, int status, String type, String message) {
        response.statusCode(status)
            .contentType(ContentType.JSON)
            .body("statusCode", equalTo(status))
            .body("type", equalTo(type))
            .body("message", equalTo(message))
            .body("details", equalTo(null));
    }

    private List<String> roster() {
        return api().get("/mailplex/" + PLEX).then().statusCode(200).extract().jsonPath().getList("operators.operator", String.class);
    }

    @Nested
    class PutOperator {
        @Test
        void putShouldAddAnOperatorAtTheEndWithThePlexDefaults() {
            api().put(ROSTER + "/" + CAROL).then().statusCode(201);

            api().get("/mailplex/" + PLEX).then()
                .statusCode(200)
                .body("operators.operator", contains(ALICE, BOB, CAROL))
                .body("operators[2].capacity", equalTo(1))
                .body("operators[2].reclaimAfter", equalTo("PT30M"))
                .body("rosterSource", equalTo("webadmin"))
                .body("configuredOperators", contains(ALICE + ":1:PT30M", BOB + ":1:PT30M"));
        }

        @Test
        void putShouldAddAnOperatorWhereThePositionSays() {
            api().body("{\"capacity\": 2, \"reclaimAfter\": \"off\", \"position\": 0}").put(ROSTER + "/" + CAROL).then().statusCode(201);

            api().get("/mailplex/" + PLEX).then()
                .body("operators.operator", contains(CAROL, ALICE, BOB))
                .body("operators[0].capacity", equalTo(2))
                .body("operators[0].reclaimAfter", equalTo("off"));
        }

        @Test
        void putShouldUpdateTheSettingsOfAnOperatorOnTheRoster() {
            api().body("{\"capacity\": 3}").put(ROSTER + "/" + BOB).then().statusCode(204);

            api().get("/mailplex/" + PLEX).then()
                .body("operators.operator", contains(ALICE, BOB))
                .body("operators[1].capacity", equalTo(3))
                .body("operators[1].reclaimAfter", equalTo("PT30M"));
        }

        @Test
        void putShouldMoveAnOperatorOnTheRoster() {
            api().body("{\"position\": 0}").put(ROSTER + "/" + BOB).then().statusCode(204);

            assertThat(roster()).containsExactly(BOB, ALICE);
        }

        @Test
        void anAddedOperatorShouldGetTheNextMail() throws Exception {
            api().put(ROSTER + "/" + CAROL).then().statusCode(201);

            plex.park(mail("for carol"));

            await().untilAsserted(() -> assertThat(james.subjects(CAROL)).containsExactly("for carol"));
            assertThat(james.subjects(ALICE)).isEmpty();
        }

        @Test
        void anAddedOperatorShouldQueueBehindOperatorsWhoWaitedLonger() throws Exception {
            api().delete(ROSTER + "/" + ALICE + "/paused").then().statusCode(204);
            clock.advance(Duration.ofMinutes(1));
            api().body("{\"position\": 0}").put(ROSTER + "/" + CAROL).then().statusCode(201);
            await().until(() -> plex.scheduler().operator(CAROL).observedHeld().isPresent());

            plex.park(mail("first"));

            // alice has been free since she was resumed, carol only since she was added a minute later: first in the roster,
            // but second in line
            await().untilAsserted(() -> assertThat(james.subjects(ALICE)).containsExactly("first"));
            assertThat(james.subjects(CAROL)).isEmpty();
        }

        @Test
        void putShouldRefuseMalformedJson() {
            api().body("{\"capacity\": ").put(ROSTER + "/" + CAROL).then()
                .statusCode(400)
                .body("type", equalTo("InvalidArgument"))
                .body("message", containsString("Invalid JSON body"));

            assertThat(roster()).containsExactly(ALICE, BOB);
        }

        @Test
        void putShouldRefuseAnUnknownField() {
            api().body("{\"capacty\": 2}").put(ROSTER + "/" + CAROL).then()
                .statusCode(400)
                .body("message", containsString("capacty"));

            assertThat(roster()).containsExactly(ALICE, BOB);
        }

        @Test
        void putShouldRefuseACapacityBelowOne() {
            assertError(api().body("{\"capacity\": 0}").put(ROSTER + "/" + CAROL).then(), 400, "InvalidArgument",
                "'capacity' must be at least 1, got 0");

            assertThat(roster()).containsExactly(ALICE, BOB);
        }

        @Test
        void putShouldRefuseANegativePosition() {
            assertError(api().body("{\"position\": -1}").put(ROSTER + "/" + CAROL).then(), 400, "InvalidArgument",
                "'position' must be 0 or more, got -1");
        }

        @Test
        void putShouldRefuseABadReclaimAfter() {
            api().body("{\"reclaimAfter\": \"soon\"}").put(ROSTER + "/" + BOB).then()
                .statusCode(400)
                .body("type", equalTo("InvalidArgument"))
                .body("message", containsString("reclaimAfter must be a duration such as 30m, or off, got 'soon'"));

            api().get("/mailplex/" + PLEX).then().body("operators[1].reclaimAfter", equalTo("PT30M"));
        }

        @Test
        void putShouldRefuseAMalformedAddress() {
            api().put(ROSTER + "/not@an@address").then()
                .statusCode(400)
                .body("message", equalTo("Invalid operator address 'not@an@address'"));
        }

        @Test
        void putShouldRefuseALocalAddressThatIsNoJamesUser() {
            assertError(api().put(ROSTER + "/" + DAVE).then(), 400, "InvalidArgument",
                DAVE + " is not a James user: create the user first");

            assertThat(roster()).containsExactly(ALICE, BOB);
        }

        @Test
        void putShouldRefuseAnAddressOutsideTheDomainsOfThisJames() {
            assertError(api().put(ROSTER + "/someone@example.org").then(), 400, "InvalidArgument",
                "someone@example.org is not in a domain of this James: an operator's mailbox is a mailbox of this James");
        }

        @Test
        void putShouldRefuseThePlexItself() {
            assertError(api().put(ROSTER + "/" + PLEX).then(), 400, "InvalidArgument",
                PLEX + " is the plex itself: it would deliver to its own queue");
        }

        @Test
        void putShouldAnswer404ForAnUnknownPlex() {
            assertError(api().put("/mailplex/nohelp@mailplex.local/operators/" + CAROL).then(), 404, "notFound",
                "nohelp@mailplex.local is not a MailPlex plex");
        }
    }

    @Nested
    class RemoveOperator {
        @Test
        void deleteShouldTakeAnOperatorOffTheRosterWhileWhatSheHoldsStays() throws Exception {
            james.append(ALICE, "held by alice");

            api().delete(ROSTER + "/" + ALICE).then().statusCode(204);

            assertThat(roster()).containsExactly(BOB);
            assertThat(james.subjects(ALICE)).containsExactly("held by alice");
            api().get("/mailplex/" + PLEX + "/stats").then().statusCode(200).body("operators.operator", contains(BOB));
        }

        @Test
        void aRemovedOperatorShouldGetNoNewMail() throws Exception {
            api().delete(ROSTER + "/" + ALICE + "/paused").then().statusCode(204);
            api().delete(ROSTER + "/" + ALICE).then().statusCode(204);
            api().delete(ROSTER + "/" + BOB + "/paused").then().statusCode(204);

            plex.park(mail("after"));

            await().untilAsserted(() -> assertThat(james.subjects(BOB)).containsExactly("after"));
            assertThat(james.subjects(ALICE)).isEmpty();
        }

        @Test
        void deleteShouldAnswer404ForAnOperatorNotOnTheRoster() {
            assertError(api().delete(ROSTER + "/" + CAROL).then(), 404, "notFound", CAROL + " is not on the roster of " + PLEX);
        }

        @Test
        void deleteShouldKeepTheLastOperator() {
            api().delete(ROSTER + "/" + ALICE).then().statusCode(204);

            assertError(api().delete(ROSTER + "/" + BOB).then(), 409, "WrongState",
                BOB + " is the last operator of " + PLEX + ": a plex needs one; add another first, or pause her");
            assertThat(roster()).containsExactly(BOB);
        }

        @Test
        void deletingTheRosterShouldGoBackToTheConfiguration() {
            api().put(ROSTER + "/" + CAROL).then().statusCode(201);
            api().delete(ROSTER + "/" + ALICE).then().statusCode(204);

            api().delete(ROSTER).then().statusCode(204);

            api().get("/mailplex/" + PLEX).then()
                .body("operators.operator", contains(ALICE, BOB))
                .body("rosterSource", equalTo("configuration"))
                .body("configuredOperators", nullValue());
        }

        @Test
        void aRosterChangedOverWebadminShouldWinAtTheNextStart() throws Exception {
            api().body("{\"position\": 0, \"capacity\": 2}").put(ROSTER + "/" + CAROL).then().statusCode(201);
            api().delete(ROSTER + "/" + ALICE).then().statusCode(204);

            james.service().unregister(plex.configuration().account());
            plex = james.register(PlexConfiguration.RECONCILE_INTERVAL, "1h", PlexConfiguration.RECLAIM_AFTER, "30m");

            assertThat(plex.scheduler().roster().operators()).containsExactly(CAROL, BOB);
            assertThat(plex.scheduler().roster().capacity(CAROL)).isEqualTo(2);
            api().get("/mailplex/" + PLEX).then().body("rosterSource", equalTo("webadmin"));
        }
    }

    @Nested
    class Schedules {
        private static final String SCHEDULE = "/mailplex/operators/" + ALICE + "/schedule";
        private static final String NOON = "{\"zone\": \"UTC\", \"week\": {\"WEDNESDAY\": [\"12:00-13:00\"]}}";

        @Test
        void putShouldSetAScheduleThatGetShows() {
            api().body("{\"zone\": \"Europe/Prague\", \"week\": {\"MONDAY\": [\"08:00-12:00\", \"13:00-17:00\"], \"FRIDAY\": [\"22:00-06:00+1\"]}}")
                .put(SCHEDULE).then().statusCode(204);

            api().get(SCHEDULE).then()
                .statusCode(200)
                .body("zone", equalTo("Europe/Prague"))
                .body("week.MONDAY", contains("08:00-12:00", "13:00-17:00"))
                .body("week.FRIDAY", contains("22:00-06:00+1"));
        }

        @Test
        void anOperatorOffShiftShouldShowWhenHerNextShiftStarts() {
            api().delete(ROSTER + "/" + ALICE + "/paused").then().statusCode(204);

            api().body(NOON).put(SCHEDULE).then().statusCode(204);

            api().get("/mailplex/" + PLEX).then()
                .body("operators[0].status", equalTo("off-shift"))
                .body("operators[0].nextShiftStart", equalTo("2026-11-25T12:00:00Z"))
                .body("operators[0].absentUntil", nullValue());
        }

        @Test
        void anOperatorOffShiftShouldGetNoMailWhileOthersDo() throws Exception {
            api().body(NOON).put(SCHEDULE).then().statusCode(204);
            api().delete(ROSTER + "/" + ALICE + "/paused").then().statusCode(204);
            api().delete(ROSTER + "/" + BOB + "/paused").then().statusCode(204);
            await().until(() -> !plex.scheduler().operator(ALICE).onDuty());

            plex.park(mail("one"));
            plex.park(mail("two"));

            await().untilAsserted(() -> assertThat(james.subjects(BOB)).containsExactly("one"));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(james.subjects(ALICE)).isEmpty());
        }

        @Test
        void deleteShouldPutHerBackOnShift() {
            api().body(NOON).put(SCHEDULE).then().statusCode(204);

            api().delete(SCHEDULE).then().statusCode(204);

            assertError(api().get(SCHEDULE).then(), 404, "notFound", ALICE + " has no schedule: always on shift");
            api().get("/mailplex/" + PLEX).then().body("operators[0].nextShiftStart", nullValue());
        }

        @Test
        void putShouldRefuseAnUnknownDayAndKeepTheSchedule() {
            api().body(NOON).put(SCHEDULE).then().statusCode(204);

            assertError(api().body("{\"zone\": \"UTC\", \"week\": {\"MOONDAY\": [\"08:00-12:00\"]}}").put(SCHEDULE).then(), 400,
                "InvalidArgument", "'MOONDAY' is not a day of the week; use MONDAY to SUNDAY");

            api().get(SCHEDULE).then().body("week.WEDNESDAY", contains("12:00-13:00"));
        }

        @Test
        void putShouldRefuseHoursThatAreNoTimeOfDay() {
            assertError(api().body("{\"zone\": \"UTC\", \"week\": {\"MONDAY\": [\"25:00-26:00\"]}}").put(SCHEDULE).then(), 400,
                "InvalidArgument", "shift '25:00-26:00' on MONDAY: '25:00' is not a time of day (00:00 to 23:59, or 24:00 for an end)");
        }

        @Test
        void putShouldRefuseAShiftEndingBeforeItStarts() {
            assertError(api().body("{\"zone\": \"UTC\", \"week\": {\"MONDAY\": [\"17:00-08:00\"]}}").put(SCHEDULE).then(), 400,
                "InvalidArgument", "shift '17:00-08:00' on MONDAY ends before it starts; a shift that crosses midnight is written with +1, "
                    + "e.g. 22:00-06:00+1");
        }

        @Test
        void putShouldRefuseAnUnknownZone() {
            assertError(api().body("{\"zone\": \"Mars/Olympus\", \"week\": {}}").put(SCHEDULE).then(), 400, "InvalidArgument",
                "'Mars/Olympus' is not a known time zone; give one such as Europe/Prague");
            assertError(api().get(SCHEDULE).then(), 404, "notFound", ALICE + " has no schedule: always on shift");
        }

        @Test
        void putShouldRefuseMalformedJson() {
            api().body("{\"zone\": \"UTC\", \"week\": [").put(SCHEDULE).then()
                .statusCode(400)
                .body("type", equalTo("InvalidArgument"))
                .body("message", containsString("Invalid JSON body"));
        }

        @Test
        void putShouldRefuseAScheduleWithoutWeek() {
            assertError(api().body("{\"zone\": \"UTC\"}").put(SCHEDULE).then(), 400, "InvalidArgument",
                "'week' is missing: give the shifts of each working day, e.g. {\"MONDAY\": [\"08:00-12:00\"]}");
        }

        @Test
        void scheduleRoutesShouldAnswer404ForAnOperatorOnNoRoster() {
            assertError(api().body(NOON).put("/mailplex/operators/" + DAVE + "/schedule").then(), 404, "notFound",
                DAVE + " is on the roster of no plex");
            assertError(api().get("/mailplex/operators/" + DAVE + "/schedule").then(), 404, "notFound",
                DAVE + " is on the roster of no plex");
        }
    }

    @Nested
    class Absences {
        private static final String ABSENCES = "/mailplex/operators/" + ALICE + "/absences";
        private static final String HOLIDAY = "{\"from\": \"2026-11-25T00:00:00+01:00\", \"until\": \"2026-11-27T00:00:00+01:00\"}";

        @Test
        void postShouldPlanAnAbsenceThatGetLists() {
            String id = api().body(HOLIDAY).post(ABSENCES).then()
                .statusCode(201)
                .body("id", notNullValue())
                .extract().jsonPath().getString("id");

            api().get(ABSENCES).then()
                .statusCode(200)
                .body("id", contains(id))
                .body("from", contains("2026-11-24T23:00:00Z"))
                .body("until", contains("2026-11-26T23:00:00Z"));
        }

        @Test
        void anAbsentOperatorShouldShowWhenSheIsBack() {
            api().delete(ROSTER + "/" + ALICE + "/paused").then().statusCode(204);

            api().body(HOLIDAY).post(ABSENCES).then().statusCode(201);

            api().get("/mailplex/" + PLEX).then()
                .body("operators[0].status", equalTo("absent"))
                .body("operators[0].absentUntil", equalTo("2026-11-26T23:00:00Z"));
        }

        @Test
        void deleteShouldCancelAnAbsence() {
            String id = api().body(HOLIDAY).post(ABSENCES).then().statusCode(201).extract().jsonPath().getString("id");

            api().delete(ABSENCES + "/" + id).then().statusCode(204);

            api().get(ABSENCES).then().body("id", hasSize(0));
            assertError(api().delete(ABSENCES + "/" + id).then(), 404, "notFound", ALICE + " has no absence " + id);
        }

        @Test
        void postShouldRefuseAnAbsenceEndingBeforeItStarts() {
            assertError(api().body("{\"from\": \"2026-12-24T00:00:00+01:00\", \"until\": \"2026-12-23T00:00:00+01:00\"}").post(ABSENCES)
                .then(), 400, "InvalidArgument", "'until' 2026-12-22T23:00:00Z must be after 'from' 2026-12-23T23:00:00Z");

            api().get(ABSENCES).then().body("id", hasSize(0));
        }

        @Test
        void postShouldRefuseADateWithoutOffset() {
            assertError(api().body("{\"from\": \"2026-12-24T00:00:00\", \"until\": \"2027-01-02T00:00:00+01:00\"}").post(ABSENCES).then(),
                400, "InvalidArgument", "'from' is not a date-time with an offset such as 2026-12-24T00:00:00+01:00: '2026-12-24T00:00:00'");
        }

        @Test
        void postShouldRefuseAMissingUntil() {
            assertError(api().body("{\"from\": \"2026-12-24T00:00:00+01:00\"}").post(ABSENCES).then(), 400, "InvalidArgument",
                "'until' is missing: give a date-time with its offset, e.g. 2026-12-24T00:00:00+01:00");
        }

        @Test
        void postShouldRefuseMalformedJson() {
            api().body("{\"from\": ").post(ABSENCES).then()
                .statusCode(400)
                .body("message", containsString("Invalid JSON body"));
        }

        @Test
        void absenceRoutesShouldAnswer404ForAnOperatorOnNoRoster() {
            assertError(api().body(HOLIDAY).post("/mailplex/operators/" + DAVE + "/absences").then(), 404, "notFound",
                DAVE + " is on the roster of no plex");
        }
    }
}
