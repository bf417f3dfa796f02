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
import static org.hamcrest.Matchers.equalTo;
import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.BOB;
import static org.mailplex.it.MailPlexJames.CAROL;
import static org.mailplex.it.MailPlexJames.PLEX;

import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailplex.it.JwtKeys;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.MailPlexJamesExtension;
import org.mailplex.plex.PlexRosters;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.Method;
import io.restassured.specification.RequestSpecification;

/**
 * With {@code jwt.enabled=true} in {@code webadmin.properties}, every MailPlex route answers 401
 * unless it carries a valid admin token. The key pair is made for the test; the token is an RS256
 * JWT signed with its private key, as James's {@code JwtTokenVerifier} expects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailPlexRoutesJwtIT {
    private static final String KEY = "1700000000000-000000-00000000";

    @RegisterExtension
    static final MailPlexJamesExtension JAMES = new MailPlexJamesExtension();

    private MailPlexJames james;
    private JwtKeys trusted;
    private JwtKeys untrusted;

    @BeforeAll
    void startJamesWithJwt() throws Exception {
        trusted = JwtKeys.generate();
        untrusted = JwtKeys.generate();
        james = trusted.trustedBy(JAMES.fromShippedConf())
            .start()
            .withDemoUsers();
    }

    private RequestSpecification api() {
        return given().spec(new RequestSpecBuilder()
            .setBaseUri("http://127.0.0.1")
            .setPort(james.webAdminPort())
            .setUrlEncodingEnabled(false)
            .build());
    }

    Stream<Arguments> routes() {
        return Stream.of(
            Arguments.of(Method.GET, "/mailplex"),
            Arguments.of(Method.GET, "/mailplex/" + PLEX),
            Arguments.of(Method.GET, "/mailplex/" + PLEX + "/queue"),
            Arguments.of(Method.GET, "/mailplex/" + PLEX + "/queue/" + KEY),
            Arguments.of(Method.DELETE, "/mailplex/" + PLEX + "/queue/" + KEY),
            Arguments.of(Method.POST, "/mailplex/" + PLEX + "/queue/" + KEY + "?action=assign&operator=" + ALICE),
            Arguments.of(Method.GET, "/mailplex/" + PLEX + "/operators/" + ALICE),
            Arguments.of(Method.PUT, "/mailplex/" + PLEX + "/operators/" + ALICE + "/paused"),
            Arguments.of(Method.DELETE, "/mailplex/" + PLEX + "/operators/" + ALICE + "/paused"),
            Arguments.of(Method.GET, "/mailplex/" + PLEX + "/stats"),
            Arguments.of(Method.GET, "/mailplex/" + PLEX + "/releases"),
            Arguments.of(Method.GET, "/mailplex/" + PLEX + "/stuck"),
            Arguments.of(Method.POST, "/mailplex/" + PLEX + "/stuck/" + KEY + "?action=retry"),
            Arguments.of(Method.DELETE, "/mailplex/" + PLEX + "/stuck/" + KEY),
            Arguments.of(Method.PUT, "/mailplex/" + PLEX + "/operators/" + CAROL),
            Arguments.of(Method.DELETE, "/mailplex/" + PLEX + "/operators/" + ALICE),
            Arguments.of(Method.DELETE, "/mailplex/" + PLEX + "/operators"),
            Arguments.of(Method.PUT, "/mailplex/operators/" + ALICE + "/schedule"),
            Arguments.of(Method.GET, "/mailplex/operators/" + ALICE + "/schedule"),
            Arguments.of(Method.DELETE, "/mailplex/operators/" + ALICE + "/schedule"),
            Arguments.of(Method.POST, "/mailplex/operators/" + ALICE + "/absences"),
            Arguments.of(Method.GET, "/mailplex/operators/" + ALICE + "/absences"),
            Arguments.of(Method.DELETE, "/mailplex/operators/" + ALICE + "/absences/some-id"),
            Arguments.of(Method.GET, "/mailplex/nobody@mailplex.local"));
    }

    @ParameterizedTest
    @MethodSource("routes")
    void shouldRejectRequestsWithoutToken(Method method, String path) {
        api().request(method, path).then().statusCode(401);
    }

    @ParameterizedTest
    @MethodSource("routes")
    void shouldRejectNonAdminTokens(Method method, String path) throws Exception {
        api().header("Authorization", "Bearer " + trusted.token("alice@mailplex.local", false))
            .request(method, path).then().statusCode(401);
    }

    @ParameterizedTest
    @MethodSource("routes")
    void shouldRejectTokensSignedWithAnotherKey(Method method, String path) throws Exception {
        api().header("Authorization", "Bearer " + untrusted.token("admin@mailplex.local", true))
            .request(method, path).then().statusCode(401);
    }

    @Test
    void aRosterChangeShouldBeLoggedWithTheJwtSubject() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger logger = (Logger) LoggerFactory.getLogger(PlexRosters.class);
        logger.addAppender(logged);
        try {
            api().header("Authorization", "Bearer " + trusted.token("desk-lead@mailplex.local", true))
                .body("{\"capacity\": 2}")
                .put("/mailplex/" + PLEX + "/operators/" + BOB).then()
                .statusCode(204);
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
            .anySatisfy(message -> assertThat(message).contains(BOB + "{capacity=2}").contains("by admin desk-lead@mailplex.local"));
    }

    @Test
    void shouldAnswerAdmins() throws Exception {
        api().header("Authorization", "Bearer " + trusted.token("admin@mailplex.local", true))
            .get("/mailplex/" + PLEX + "/operators/" + ALICE).then()
            .statusCode(200)
            .body("operator", equalTo(ALICE));
    }

    /** James 3.8.1 serves {@code /metrics} outside its JWT filter: docs/admin.md warns admins, and this test notices if James changes it. */
    @Test
    void metricsShouldStayReadableWithoutATokenAsJamesServesThem() {
        api().get("/metrics").then().statusCode(200);
    }

    @Test
    void rejectedPauseShouldChangeNothing() throws Exception {
        api().put("/mailplex/" + PLEX + "/operators/" + ALICE + "/paused").then().statusCode(401);

        api().header("Authorization", "Bearer " + trusted.token("admin@mailplex.local", true))
            .get("/mailplex/" + PLEX + "/operators/" + ALICE).then()
            .statusCode(200)
            .body("paused", equalTo(false));
    }
}
