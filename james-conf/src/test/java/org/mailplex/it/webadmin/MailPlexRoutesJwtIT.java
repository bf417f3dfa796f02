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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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
    private PrivateKey privateKey;
    private PrivateKey otherPrivateKey;

    @BeforeAll
    void startJamesWithJwt() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keyPair = generator.generateKeyPair();
        privateKey = keyPair.getPrivate();
        otherPrivateKey = generator.generateKeyPair().getPrivate();

        james = JAMES.fromShippedConf();
        Files.writeString(james.workingDirectory().resolve("conf/jwt_publickey"), "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keyPair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
        james.withProperty("webadmin.properties", "jwt.enabled", "true")
            .withProperty("webadmin.properties", "jwt.publickeypem.url", "file://conf/jwt_publickey")
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

    private static String token(PrivateKey key, String subject, boolean admin) throws Exception {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = base64.encodeToString(("{\"sub\":\"" + subject + "\",\"admin\":" + admin + ",\"iat\":"
            + Instant.now().getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + base64.encodeToString(signature.sign());
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
        api().header("Authorization", "Bearer " + token(privateKey, "alice@mailplex.local", false))
            .request(method, path).then().statusCode(401);
    }

    @ParameterizedTest
    @MethodSource("routes")
    void shouldRejectTokensSignedWithAnotherKey(Method method, String path) throws Exception {
        api().header("Authorization", "Bearer " + token(otherPrivateKey, "admin@mailplex.local", true))
            .request(method, path).then().statusCode(401);
    }

    @Test
    void aRosterChangeShouldBeLoggedWithTheJwtSubject() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger logger = (Logger) LoggerFactory.getLogger(PlexRosters.class);
        logger.addAppender(logged);
        try {
            api().header("Authorization", "Bearer " + token(privateKey, "desk-lead@mailplex.local", true))
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
        api().header("Authorization", "Bearer " + token(privateKey, "admin@mailplex.local", true))
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

        api().header("Authorization", "Bearer " + token(privateKey, "admin@mailplex.local", true))
            .get("/mailplex/" + PLEX + "/operators/" + ALICE).then()
            .statusCode(200)
            .body("paused", equalTo(false));
    }
}
