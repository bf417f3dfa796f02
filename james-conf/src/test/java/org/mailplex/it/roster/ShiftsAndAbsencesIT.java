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
import static org.hamcrest.Matchers.equalTo;
import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.BOB;
import static org.mailplex.it.MailPlexJames.PLEX;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
 * Shifts and absences on a real James from the shipped configuration (capacity 2 here): an
 * operator off shift or absent gets nothing while others do, and gets mail again when her shift
 * starts (a schedule built around now: her shift starts at the next whole minute); at the start of
 * her absence the mail she never opened goes back to the queue, the mail she opened stays.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShiftsAndAbsencesIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CUSTOMER = "customer@example.org";
    private static final String ROSTER = "/mailplex/" + PLEX + "/operators";
    private static final String ALICE_SCHEDULE = "/mailplex/operators/" + ALICE + "/schedule";
    private static final String ALICE_ABSENCES = "/mailplex/operators/" + ALICE + "/absences";
    /** The gauge of operators on shift now, as Prometheus names it. */
    private static final String ON_SHIFT = "mailplex_on_shift_help_mailplex_local";
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    @RegisterExtension
    static final MailPlexJamesExtension JAMES = new MailPlexJamesExtension();

    private MailPlexJames james;

    @BeforeAll
    void startJames() throws Exception {
        james = JAMES.fromShippedConf(MailPlexJames.replacing("<capacity>1</capacity>", "<capacity>2</capacity>")).start().withDemoUsers();
    }

    private RequestSpecification api() {
        return given().baseUri("http://127.0.0.1").port(james.webAdminPort()).urlEncodingEnabled(false);
    }

    @BeforeEach
    void everyoneOnDutyWithEmptyMailboxes() throws Exception {
        api().delete(ALICE_SCHEDULE);
        for (String id : api().get(ALICE_ABSENCES).then().statusCode(200).extract().jsonPath().getList("id", String.class)) {
            api().delete(ALICE_ABSENCES + "/" + id).then().statusCode(204);
        }
        for (String operator : List.of(ALICE, BOB)) {
            api().delete(ROSTER + "/" + operator + "/paused").then().statusCode(204);
            james.imap(operator).drain();
        }
    }

    @Test
    void anOperatorOffShiftShouldGetNothingWhileOthersDoAndGetMailWhenHerShiftStarts() throws Exception {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        ZonedDateTime start = now.plusSeconds(15).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime end = start.plusHours(1);
        String shift = HH_MM.format(start) + "-" + HH_MM.format(end) + (end.toLocalDate().isAfter(start.toLocalDate()) ? "+1" : "");
        api().body("{\"zone\": \"UTC\", \"week\": {\"" + start.getDayOfWeek() + "\": [\"" + shift + "\"]}}")
            .put(ALICE_SCHEDULE).then().statusCode(204);
        api().get("/mailplex/" + PLEX).then()
            .body("operators.find { it.operator == '" + ALICE + "' }.status", equalTo("off-shift"))
            .body("operators.find { it.operator == '" + ALICE + "' }.nextShiftStart", equalTo(start.toInstant().toString()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(api().get("/metrics").asString()).contains(ON_SHIFT + " 1.0"));

        james.smtp().send(CUSTOMER, PLEX, "one");
        james.smtp().send(CUSTOMER, PLEX, "two");

        // bob takes two (his capacity; James's spool threads may park them in either order)
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(BOB).subjects()).containsExactlyInAnyOrder("one", "two"));
        // the third waits: alice, first on the roster with an empty INBOX, is off shift
        james.smtp().send(CUSTOMER, PLEX, "three");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(james.imap(ALICE).subjects()).isEmpty();
            assertThat(james.parked()).isEqualTo(1);
        });
        // her shift starts: the loop wakes at the boundary, not at some later tick
        await().atMost(Duration.between(Instant.now(), start.toInstant()).plusSeconds(5))
            .untilAsserted(() -> assertThat(james.imap(ALICE).subjects()).containsExactly("three"));
        assertThat(Instant.now()).isAfterOrEqualTo(start.toInstant());
        assertThat(api().get("/metrics").asString()).contains(ON_SHIFT + " 2.0");
        api().get("/mailplex/" + PLEX).then()
            .body("operators.find { it.operator == '" + ALICE + "' }.status", equalTo("free"));
    }

    @Test
    void unopenedMailShouldGoBackAtTheStartOfHerAbsenceAndOpenedMailShouldNot() throws Exception {
        api().put(ROSTER + "/" + BOB + "/paused").then().statusCode(204);
        james.smtp().send(CUSTOMER, PLEX, "opened");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(ALICE).subjects()).containsExactly("opened"));
        james.imap(ALICE).markAllSeen("INBOX");
        james.smtp().send(CUSTOMER, PLEX, "never opened");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(ALICE).subjects()).containsExactly("opened", "never opened"));
        api().delete(ROSTER + "/" + BOB + "/paused").then().statusCode(204);

        Instant now = Instant.now();
        api().body("{\"from\": \"" + now.minusSeconds(60) + "\", \"until\": \"" + now.plus(Duration.ofHours(1)) + "\"}")
            .post(ALICE_ABSENCES).then().statusCode(201);

        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(BOB).subjects()).containsExactly("never opened"));
        assertThat(james.imap(ALICE).subjects()).containsExactly("opened");
        api().get("/mailplex/" + PLEX).then()
            .body("operators.find { it.operator == '" + ALICE + "' }.status", equalTo("absent"))
            .body("operators.find { it.operator == '" + ALICE + "' }.away", equalTo(false));

        // absent, she gets nothing more while bob does; the mail went back once and only once
        james.imap(ALICE).drain();
        james.smtp().send(CUSTOMER, PLEX, "while she is away");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(BOB).subjects()).containsExactly("never opened", "while she is away"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(james.imap(ALICE).subjects()).isEmpty());
        assertThat(james.parked()).isZero();
    }
}
