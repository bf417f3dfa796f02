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

package org.mailplex.it.remote;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.PASSWORD;
import static org.mailplex.it.MailPlexJames.PLEX;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.it.ImapClient;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.SmtpClient;

import io.restassured.path.json.JsonPath;

/**
 * A remote operator with TWO real James servers: MailPlex's, and a partner's whose IMAP holds
 * dave's mailbox. Dave gets mail by the rule alongside alice, is busy while his remote mailbox
 * holds it, free again within 5 s of emptying it there (IDLE), and unreachable while the partner's
 * server is down, while alice keeps getting mail.
 */
class RemoteOperatorIT {
    private static final String DAVE = PartnerJames.DAVE;

    @TempDir
    Path folder;

    private PartnerJames partner;
    private MailPlexJames james;

    @AfterEach
    void stop() throws Exception {
        if (james != null) {
            james.stop();
        }
        if (partner != null) {
            partner.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The partner's James on fixed ports (so it comes back where it was), with dave as its user. */
    private void startPartner(int imapPort, int smtpPort) throws Exception {
        partner = PartnerJames.start(folder.resolve("partner"), imapPort, smtpPort);
    }

    private Path passwordFile() throws IOException {
        Path file = folder.resolve("dave.password");
        Files.writeString(file, PASSWORD + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private void startMailPlex(int partnerImap, int partnerSmtp, String deliver) throws Exception {
        startMailPlex(partnerImap, partnerSmtp, deliver, "alice@mailplex.local, " + DAVE);
    }

    private void startMailPlex(int partnerImap, int partnerSmtp, String deliver, String operators) throws Exception {
        startMailPlex(partnerImap, partnerSmtp, "deliver=" + deliver, operators, "5s");
    }

    /** {@code reconcileInterval} 1h: only the remote mailbox's watcher (IDLE or polling) can tell the plex she changed. */
    private void startMailPlex(int partnerImap, int partnerSmtp, String settings, String operators, String reconcileInterval)
        throws Exception {
        String mailbox = "<operatorMailboxes>" + DAVE + " imap url=imap://127.0.0.1:" + partnerImap + "/INBOX login=" + DAVE
            + " passwordFile=" + passwordFile() + " allowPlaintext=true " + settings + "</operatorMailboxes>";
        james = MailPlexJames.fromShippedConf(folder.resolve("mailplex"), conf -> MailPlexJames.replacing(
            "<operators>alice@mailplex.local, bob@mailplex.local</operators>",
            "<operators>" + operators + "</operators>\n" + mailbox)
            .andThen(MailPlexJames.replacing("<reconcileInterval>5s</reconcileInterval>",
                "<reconcileInterval>" + reconcileInterval + "</reconcileInterval>"))
            .apply(conf))
            .editing("mailetcontainer.xml", MailPlexJames.replacing(
                "<mailet match=\"All\" class=\"ToRepository\">\n                <repositoryPath>file://var/mail/outgoing-held/</repositoryPath>\n            </mailet>",
                "<mailet match=\"All\" class=\"RemoteDelivery\">\n<outgoingQueue>outgoing</outgoingQueue>\n<delayTime>1 second</delayTime>\n"
                    + "<maxRetries>5</maxRetries>\n<gateway>127.0.0.1</gateway>\n<gatewayPort>" + partnerSmtp + "</gatewayPort>\n"
                    + "<startTLS>false</startTLS>\n</mailet>"))
            .start()
            .withDemoUsers();
        if (operators.contains(ALICE)) {
            // alice became a user after the plex's first read: an unchanged PUT has the plex read her again
            given().baseUri("http://127.0.0.1").port(james.webAdminPort()).body("{}")
                .put("/mailplex/" + PLEX + "/operators/" + ALICE).then().statusCode(204);
        }
    }

    private ImapClient dave() {
        return new ImapClient("127.0.0.1", partnerImapPort, DAVE, PASSWORD);
    }

    private int partnerImapPort;

    private static void await(String what, Duration within, BooleanSupplier condition) {
        Awaitility.await(what).atMost(within).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
    }

    private static int count(ImapClient client) {
        try (ImapClient.Connection connection = client.connect()) {
            return connection.statusMessages("INBOX");
        } catch (IOException e) {
            return -1;
        }
    }

    private long parked() {
        try {
            return james.parked();
        } catch (Exception e) {
            return -1;
        }
    }

    private JsonPath plex() {
        return given().baseUri("http://127.0.0.1").port(james.webAdminPort()).get("/mailplex/" + PLEX)
            .then().statusCode(200).extract().jsonPath();
    }

    private Map<String, Object> operator(String address) {
        List<Map<String, Object>> operators = plex().getList("operators");
        return operators.stream().filter(operator -> address.equals(operator.get("operator"))).findFirst()
            .orElseThrow(() -> new AssertionError(address + " not in " + operators));
    }

    /** Sends one mail to the plex and waits until the plex has it (James's spool threads may otherwise reorder mails sent in a row). */
    private void send(String subject) throws Exception {
        long before = parkedOrReleased();
        new SmtpClient("127.0.0.1", james.smtpPort()).send("customer@example.com", PLEX, subject);
        await(subject + " parked", Duration.ofSeconds(20), () -> parkedOrReleased() > before);
    }

    private long parkedOrReleased() {
        return parked() + james.releasedKeys(PLEX).size();
    }

    @Test
    void aRemoteOperatorShouldGetMailByTheRuleAndBeFreeWithinFiveSecondsOfEmptyingHerMailboxThere() throws Exception {
        partnerImapPort = freePort();
        int partnerSmtp = freePort();
        startPartner(partnerImapPort, partnerSmtp);
        // no reconcile tick to help: IDLE alone tells the plex that dave's mailbox changed
        startMailPlex(partnerImapPort, partnerSmtp, "deliver=imap", "alice@mailplex.local, " + DAVE, "1h");
        ImapClient alice = james.imap(ALICE);

        send("first");
        send("second");
        send("third");
        await("alice and dave hold one mail each", Duration.ofSeconds(20), () -> count(alice) == 1 && count(dave()) == 1);
        // which of the two free operators had been free longer decides; both hold one, the third waits
        String daves = dave().subjects().get(0);
        assertThat(List.of(daves, alice.subjects().get(0))).containsExactlyInAnyOrder("first", "second");
        assertThat(dave().header("INBOX", daves, "X-MailPlex-Ticket")).isPresent();
        await("one mail parked", Duration.ofSeconds(5), () -> parked() == 1);
        Map<String, Object> dave = operator(DAVE);
        assertThat(dave.get("status")).isEqualTo("busy");
        assertThat(dave.get("mailbox")).isEqualTo(Map.of("kind", "imap", "url", "imap://127.0.0.1:" + partnerImapPort + "/INBOX",
            "login", DAVE, "passwordFile", folder.resolve("dave.password").toString(), "allowPlaintext", "true", "deliver", "imap"));
        assertThat(plex().prettify()).doesNotContain(PASSWORD);

        // dave empties his mailbox on the partner's server: the third mail is his within 5 s
        long emptied = System.nanoTime();
        try (ImapClient.Connection connection = dave().connect()) {
            connection.select("INBOX");
            connection.expungeAll();
        }
        await("the third mail in dave's remote mailbox", Duration.ofSeconds(5), () -> count(dave()) == 1);
        System.out.printf("remote operator seen free and given the next mail after %d ms%n", (System.nanoTime() - emptied) / 1_000_000);
        assertThat(dave().subjects()).containsExactly("third");
        await("no mail parked", Duration.ofSeconds(5), () -> parked() == 0);

        // the partner's server goes down: dave is unreachable, alice keeps getting mail
        partner.close();
        await("dave unreachable", Duration.ofSeconds(20), () -> "unreachable".equals(operator(DAVE).get("status")));
        assertThat(operator(DAVE).get("lastError")).asString().contains("cannot be reached");
        alice.drain();
        send("fourth");
        send("fifth");
        await("alice gets the fourth", Duration.ofSeconds(20), () -> count(alice) == 1);
        assertThat(alice.subjects()).containsExactly("fourth");
        await("one mail parked", Duration.ofSeconds(5), () -> parked() == 1);

        // it answers again: dave is back by himself and, his mailbox empty again, gets the fifth
        startPartner(partnerImapPort, partnerSmtp);
        await("dave back and given the fifth", Duration.ofSeconds(90), () -> count(dave()) == 1);
        assertThat(dave().subjects()).containsExactly("fifth");
        assertThat(operator(DAVE).get("status")).isEqualTo("busy");
    }

    @Test
    void deliverSmtpShouldSendTheMailThroughJamesOutgoingPipelineWithItsTrace() throws Exception {
        partnerImapPort = freePort();
        int partnerSmtp = freePort();
        startPartner(partnerImapPort, partnerSmtp);
        startMailPlex(partnerImapPort, partnerSmtp, "smtp");
        ImapClient alice = james.imap(ALICE);

        send("first");
        send("second");
        send("third");
        await("alice and dave hold one mail each", Duration.ofSeconds(30), () -> count(alice) == 1 && count(dave()) == 1);
        String daves = dave().subjects().get(0);
        assertThat(List.of(daves, alice.subjects().get(0))).containsExactlyInAnyOrder("first", "second");
        assertThat(dave().header("INBOX", daves, "X-MailPlex-Ticket")).isPresent();
        // received twice: by MailPlex's James from the customer, then by the partner's from MailPlex's remote delivery
        String raw = new String(dave().rawMessages().get(0), StandardCharsets.UTF_8);
        assertThat(Pattern.compile("(?m)^Received:").matcher(raw).results().count()).isGreaterThanOrEqualTo(2);
        await("one mail parked", Duration.ofSeconds(5), () -> parked() == 1);

        try (ImapClient.Connection connection = dave().connect()) {
            connection.select("INBOX");
            connection.expungeAll();
        }
        await("the third mail reaches dave by SMTP", Duration.ofSeconds(30), () -> count(dave()) == 1);
        assertThat(dave().subjects()).containsExactly("third");
        assertThat(count(alice)).isEqualTo(1);
    }

    @Test
    void anUnopenedMailShouldBeTakenBackFromTheRemoteMailboxAndGoToSomeoneElse() throws Exception {
        partnerImapPort = freePort();
        int partnerSmtp = freePort();
        startPartner(partnerImapPort, partnerSmtp);
        startMailPlex(partnerImapPort, partnerSmtp, "imap", DAVE + ":1:2s, alice@mailplex.local");
        ImapClient alice = james.imap(ALICE);
        given().baseUri("http://127.0.0.1").port(james.webAdminPort())
            .put("/mailplex/" + PLEX + "/operators/" + ALICE + "/paused").then().statusCode(204);

        send("unopened");
        await("dave holds it in his remote mailbox", Duration.ofSeconds(20), () -> count(dave()) == 1);

        // unopened 2 s later: taken out of his remote mailbox and back in the queue; he is away, a notice there says why
        await("taken back from dave, a notice instead", Duration.ofSeconds(30), () -> {
            List<String> subjects = subjects(dave());
            return subjects.size() == 1 && subjects.get(0).contains("you are away from " + PLEX);
        });
        await("dave away", Duration.ofSeconds(10), () -> Boolean.TRUE.equals(operator(DAVE).get("away")));
        given().baseUri("http://127.0.0.1").port(james.webAdminPort())
            .delete("/mailplex/" + PLEX + "/operators/" + ALICE + "/paused").then().statusCode(204);
        await("alice gets it", Duration.ofSeconds(20), () -> count(alice) == 1);
        assertThat(alice.header("INBOX", "unopened", "X-MailPlex-Reclaimed")).hasValueSatisfying(value -> assertThat(value)
            .startsWith(DAVE + "; "));

        // dave reads the notice on the partner's server: back by himself, and free (a notice is no mail he holds)
        dave().markAllSeen("INBOX");
        await("dave back and free", Duration.ofSeconds(20), () -> {
            Map<String, Object> dave = operator(DAVE);
            return Boolean.FALSE.equals(dave.get("away")) && "free".equals(dave.get("status"));
        });
        send("after the notice");
        await("dave gets the next mail", Duration.ofSeconds(20), () -> subjects(dave()).contains("after the notice"));
    }

    @Test
    void aServerWithoutIdleShouldBePolledAtThePollInterval() throws Exception {
        partnerImapPort = freePort();
        int partnerSmtp = freePort();
        partner = PartnerJames.start(folder.resolve("partner"), partnerImapPort, partnerSmtp, false);
        // no reconcile tick to help: polling alone tells the plex that dave's mailbox changed
        startMailPlex(partnerImapPort, partnerSmtp, "pollInterval=1s", DAVE, "1h");

        send("first");
        send("second");
        await("dave holds the first, the second waits", Duration.ofSeconds(20), () -> count(dave()) == 1 && parked() == 1);

        long emptied = System.nanoTime();
        try (ImapClient.Connection connection = dave().connect()) {
            connection.select("INBOX");
            connection.expungeAll();
        }
        await("the second in dave's remote mailbox", Duration.ofSeconds(5), () -> subjects(dave()).equals(List.of("second")));
        System.out.printf("remote operator without IDLE seen free and given the next mail after %d ms%n",
            (System.nanoTime() - emptied) / 1_000_000);
    }

    private static List<String> subjects(ImapClient client) {
        try {
            return client.subjects();
        } catch (IOException e) {
            return List.of();
        }
    }
}
