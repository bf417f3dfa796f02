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
import static org.hamcrest.Matchers.equalTo;
import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.BOB;
import static org.mailplex.it.MailPlexJames.PLEX;

import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.MailPlexJamesExtension;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;

/** A pause set over webadmin, and the dispatch counters, survive a James restart (var/mailplex/&lt;plex&gt;/state.tsv). */
class PauseSurvivesRestartIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final MailPlexJamesExtension jamesExtension = new MailPlexJamesExtension();

    private MailPlexJames james;

    private RequestSpecification api() {
        return given().spec(new RequestSpecBuilder()
            .setBaseUri("http://127.0.0.1")
            .setPort(james.webAdminPort())
            .setUrlEncodingEnabled(false)
            .build());
    }

    @Test
    void pauseAndCountersShouldSurviveARestart() throws Exception {
        james = jamesExtension.fromShippedConf().start().withDemoUsers();
        api().put("/mailplex/" + PLEX + "/operators/" + ALICE + "/paused").then().statusCode(204);
        james.smtp().send("customer@example.org", PLEX, "before restart");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(BOB).subjects()).containsExactly("before restart"));
        await().atMost(WAIT).untilAsserted(() -> api().get("/mailplex/" + PLEX + "/stats").then()
            .body("operators.find { it.operator == '" + BOB + "' }.dispatched", equalTo(1)));

        james.restart().withDemoUsers();

        assertThat(Files.readString(james.workingDirectory().resolve("var/mailplex/" + PLEX + "/state.tsv")))
            .contains("paused\t" + ALICE.replace("@", "%40"));
        api().get("/mailplex/" + PLEX + "/operators/" + ALICE).then()
            .statusCode(200)
            .body("paused", equalTo(true))
            .body("status", equalTo("paused"));
        api().get("/mailplex/" + PLEX + "/stats").then()
            .body("operators.find { it.operator == '" + BOB + "' }.dispatched", equalTo(1))
            .body("operators.find { it.operator == '" + BOB + "' }.waited.samples", equalTo(1));
        api().get("/mailplex/" + PLEX).then()
            .body("operators.find { it.operator == '" + BOB + "' }.dispatched", equalTo(1));

        // The memory app forgot every mailbox: both operators are free, alice is first on the roster,
        // yet she is still paused, so the mail goes to bob.
        james.smtp().send("customer@example.org", PLEX, "after restart");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.imap(BOB).subjects()).containsExactly("after restart"));
        assertThat(james.imap(ALICE).subjects()).isEmpty();

        api().delete("/mailplex/" + PLEX + "/operators/" + ALICE + "/paused").then().statusCode(204);
        james.restart().withDemoUsers();
        api().get("/mailplex/" + PLEX + "/operators/" + ALICE).then().body("paused", equalTo(false));
        api().get("/mailplex/" + PLEX + "/stats").then()
            .body("operators.find { it.operator == '" + BOB + "' }.dispatched", equalTo(2));
    }
}
