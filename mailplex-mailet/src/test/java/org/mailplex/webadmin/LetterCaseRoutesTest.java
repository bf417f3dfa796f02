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
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.BOB;
import static org.mailplex.plex.MemoryMailPlex.PLEX;

import java.nio.file.Path;
import java.time.Instant;

import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.MutableClock;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.Plex;

import io.restassured.specification.RequestSpecification;

/**
 * The {@code /mailplex} routes take a plex and an operator in any letter case, and answer and
 * keep them in their one lower-case form, whatever case the configuration spelt them in.
 */
class LetterCaseRoutesTest {
    @TempDir
    Path stateFolder;

    private MemoryMailPlex james;
    private Plex plex;
    private WebAdminServer server;
    private RequestSpecification spec;

    @BeforeEach
    void setUp() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
        james = MemoryMailPlex.builder(stateFolder).clock(clock).build();
        plex = james.register(PlexConfiguration.RECONCILE_INTERVAL, "1h", PlexConfiguration.ACCOUNT, PLEX.toUpperCase(),
            PlexConfiguration.OPERATORS, "Alice@" + MemoryMailPlex.DOMAIN + ", " + BOB);
        server = WebAdminUtils.createWebAdminServer(new MailPlexRoutes(james.administration(), clock, new JsonTransformer())).start();
        spec = WebAdminUtils.buildRequestSpecification(server).setUrlEncodingEnabled(false).build();
    }

    @AfterEach
    void tearDown() {
        server.destroy();
        james.close();
    }

    @Test
    void anOperatorPausedInAnyCaseShouldBeOneOperatorInLowerCase() {
        given().spec(spec).put("/mailplex/Help@" + MemoryMailPlex.DOMAIN + "/operators/ALICE@" + MemoryMailPlex.DOMAIN + "/paused")
            .then().statusCode(204);

        given().spec(spec).get("/mailplex/" + PLEX)
            .then().statusCode(200)
            .body("plex", equalTo(PLEX))
            .body("operators.operator", contains(ALICE, BOB))
            .body("operators[0].paused", equalTo(true));
        assertThat(plex.operatorState(ALICE).paused()).isTrue();
        assertThat(james.state().state(PLEX).paused()).containsExactly(ALICE);
    }
}
