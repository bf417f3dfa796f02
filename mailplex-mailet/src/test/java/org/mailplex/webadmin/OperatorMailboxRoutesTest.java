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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.BOB;
import static org.mailplex.plex.MemoryMailPlex.PLEX;
import static org.mailplex.plex.MemoryMailPlex.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;

import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.MutableClock;
import org.mailplex.mailbox.OperatorMailboxRegistry;
import org.mailplex.mailbox.OperatorMailboxes;
import org.mailplex.mailbox.elsewhere.CommandMailboxKind;
import org.mailplex.mailbox.elsewhere.ImapMailboxKind;
import org.mailplex.mailbox.elsewhere.SmtpHandOver;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.Plex;
import org.mailplex.state.FileRosterStore;
import org.mailplex.state.PlexFolders;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Operators whose mailbox is elsewhere, set over the roster routes on a real MailPlexService with
 * the built-in kinds: a command check (a real script) and an IMAP mailbox on a server that does
 * not answer. Passwords never come back out of webadmin.
 */
class OperatorMailboxRoutesTest {
    private static final String ROSTER = "/mailplex/" + PLEX + "/operators";
    private static final String ERIN = "erin@other.org";
    private static final String DAVE = "dave@partner.org";

    @TempDir
    Path stateFolder;
    @TempDir
    Path scripts;

    private MemoryMailPlex james;
    private WebAdminServer server;
    private RequestSpecification spec;

    @BeforeEach
    void setUp() throws Exception {
        SmtpHandOver smtp = new SmtpHandOver(() -> {
            throw new IllegalStateException("nothing is delivered in this test");
        });
        OperatorMailboxRegistry kinds = new OperatorMailboxRegistry(Map.of(CommandMailboxKind.NAME, new CommandMailboxKind(smtp),
            ImapMailboxKind.NAME, new ImapMailboxKind(smtp)));
        james = MemoryMailPlex.builder(stateFolder).clock(new MutableClock(Instant.parse("2026-11-25T10:00:00Z")))
            .mailboxes((manager, users) -> new OperatorMailboxes(manager, users, kinds))
            .build();
        Plex plex = james.register(PlexConfiguration.RECONCILE_INTERVAL, "1h");
        james.administration().pause(plex, ALICE);
        james.administration().pause(plex, BOB);
        server = WebAdminUtils.createWebAdminServer(new MailPlexRoutes(james.administration(), james.clock(), new JsonTransformer()),
            new OperatorRoutes(james.administration(), james.operatorAdministration(), new JsonTransformer())).start();
        spec = WebAdminUtils.buildRequestSpecification(server).setUrlEncodingEnabled(false).build();
    }

    @AfterEach
    void tearDown() {
        server.destroy();
        james.close();
    }

    private RequestSpecification api() {
        return given().spec(spec);
    }

    private Path script(String body) throws IOException {
        Path script = scripts.resolve("isfree.sh");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void putShouldAddAnOperatorWhoseLoadACommandTellsEvenOutsideThisJamesDomains() throws Exception {
        Path script = script("echo 0");

        api().body("{\"capacity\": 2, \"mailbox\": {\"kind\": \"command\", \"command\": \"" + script + "\"}}").put(ROSTER + "/" + ERIN)
            .then().statusCode(201);

        await().untilAsserted(() -> api().get(ROSTER + "/" + ERIN).then()
            .statusCode(200)
            .body("status", equalTo("free"))
            .body("mailbox.kind", equalTo("command"))
            .body("mailbox.command", equalTo(script.toString()))
            .body("capacity", equalTo(2)));
    }

    @Test
    void anImapMailboxThatDoesNotAnswerShouldMakeHerUnreachableAndNeverShowThePassword() throws Exception {
        int port = closedPort();

        api().body("{\"mailbox\": {\"url\": \"imap://127.0.0.1:" + port + "/INBOX\", \"login\": \"dave\", \"password\": \"Pa55word!\", "
            + "\"allowPlaintext\": \"true\"}, \"deliver\": \"smtp\"}").put(ROSTER + "/" + DAVE)
            .then().statusCode(201);

        await().untilAsserted(() -> api().get(ROSTER + "/" + DAVE).then()
            .statusCode(200)
            .body("status", equalTo("unreachable"))
            .body("lastError", containsString("cannot be reached"))
            .body("mailbox.kind", equalTo("imap"))
            .body("mailbox.url", equalTo("imap://127.0.0.1:" + port + "/INBOX"))
            .body("mailbox.deliver", equalTo("smtp"))
            .body("mailbox.password", equalTo(null)));
        api().get("/mailplex/" + PLEX).then().statusCode(200).body(not(containsString("Pa55word")));
        Path roster = new FileRosterStore(new PlexFolders(stateFolder)).file(PLEX);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(roster))).isEqualTo("rw-------");
    }

    @Test
    void putShouldGoBackToTheLocalMailbox() throws Exception {
        api().body("{\"mailbox\": {\"command\": \"" + script("echo 0") + "\"}}").put(ROSTER + "/" + ALICE).then().statusCode(204);
        api().get(ROSTER + "/" + ALICE).then().body("mailbox.kind", equalTo("command"));

        api().body("{\"mailbox\": \"local\"}").put(ROSTER + "/" + ALICE).then().statusCode(204);

        api().get(ROSTER + "/" + ALICE).then().body("mailbox.kind", equalTo("local")).body("mailbox.command", equalTo(null));
    }

    @Test
    void badMailboxesShouldBeRefusedWithJamesJsonErrorNamingTheValue() throws Exception {
        assertBadRequest("{\"mailbox\": {\"kind\": \"pop3\", \"url\": \"pop3://x\"}}", "unknown mailbox kind 'pop3'");
        assertBadRequest("{\"mailbox\": {\"url\": \"imaps://imap.partner.org/INBOX\", \"password\": \"Pa55word!\"}}", "needs login");
        assertBadRequest("{\"mailbox\": {\"url\": \"imaps://imap.partner.org/INBOX\", \"login\": \"dave\", \"password\": \"Pa55word!\"},"
            + " \"deliver\": \"pigeon\"}", "deliver must be imap or smtp, got 'pigeon'");
        assertBadRequest("{\"mailbox\": {\"url\": \"imap://imap.partner.org/INBOX\", \"login\": \"dave\", \"password\": \"Pa55word!\"}}",
            "plain IMAP");
        assertBadRequest("{\"mailbox\": {\"url\": \"imaps://imap.partner.org/INBOX\", \"login\": \"dave\", \"pasword\": \"Pa55word!\"}}",
            "unknown parameter 'pasword'");
        assertBadRequest("{\"mailbox\": 42}", "'mailbox' must be \"local\" or an object");
        assertBadRequest("{\"deliver\": \"smtp\"}", "'deliver' goes with a 'mailbox'");
        assertBadRequest("{\"mailbox\": {\"kind\": \"command\", \"command\": \"isfree.pl\"}}", "absolute path");
    }

    private void assertBadRequest(String body, String message) {
        api().body(body).put(ROSTER + "/" + DAVE).then()
            .statusCode(400)
            .contentType(ContentType.JSON)
            .body("statusCode", equalTo(400))
            .body("type", equalTo("InvalidArgument"))
            .body("message", containsString(message))
            .body("message", not(containsString("Pa55word")));
    }
}
