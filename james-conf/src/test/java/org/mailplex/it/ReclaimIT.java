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

package org.mailplex.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.BOB;
import static org.mailplex.it.MailPlexJames.CAROL;
import static org.mailplex.it.MailPlexJames.PASSWORD;
import static org.mailplex.it.MailPlexJames.PLEX;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.restassured.path.json.JsonPath;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * Reclaim on a real James with real SMTP and IMAP clients and webadmin: an operator who never
 * opens a mail loses it after reclaimAfter (3 s here) to the next operator, is away until they
 * delete or read the notice left in their INBOX, and stays away across a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReclaimIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CUSTOMER = "customer@example.org";
    private static final String NOTICE = "you are away from " + PLEX;

    @RegisterExtension
    static final MailPlexJamesExtension JAMES = new MailPlexJamesExtension();

    private MailPlexJames james;
    private SmtpClient smtp;
    private Map<String, ImapClient> operators;

    static String reclaiming(String shipped) {
        return MailPlexJames.replacing("<operators>alice@mailplex.local, bob@mailplex.local</operators>",
                "<operators>" + ALICE + ", " + BOB + ", " + CAROL + "</operators>")
            .andThen(MailPlexJames.replacing("<reconcileInterval>5s</reconcileInterval>",
                "<reconcileInterval>500ms</reconcileInterval>\n                <reclaimAfter>3s</reclaimAfter>"))
            .apply(shipped);
    }

    @BeforeAll
    void startJames() throws Exception {
        james = JAMES.fromShippedConf(ReclaimIT::reclaiming).start().withDemoUsers();
        smtp = james.smtp();
        operators = Map.of(ALICE, james.imap(ALICE), BOB, james.imap(BOB), CAROL, james.imap(CAROL));
    }

    @AfterEach
    void everyoneBackAndEmpty() throws Exception {
        for (String operator : operators.keySet()) {
            given().baseUri("http://127.0.0.1").port(james.webAdminPort())
                .delete("/mailplex/" + PLEX + "/operators/" + operator + "/paused").then().statusCode(204);
        }
        await().atMost(WAIT).untilAsserted(() -> {
            for (ImapClient operator : operators.values()) {
                operator.drain();
            }
            assertThat(james.parked()).isZero();
            for (ImapClient operator : operators.values()) {
                assertThat(operator.subjects()).isEmpty();
            }
        });
    }

    private ImapClient imap(String operator) {
        return operators.get(operator);
    }

    /** Waits until exactly one operator holds a mail with this subject; returns who. */
    private String holderOf(String subject) {
        return await().atMost(WAIT).until(() -> {
            List<String> holders = new ArrayList<>();
            for (Map.Entry<String, ImapClient> operator : operators.entrySet()) {
                if (operator.getValue().subjects().contains(subject)) {
                    holders.add(operator.getKey());
                }
            }
            assertThat(holders).hasSizeLessThanOrEqualTo(1);
            return holders.isEmpty() ? null : holders.get(0);
        }, holder -> holder != null);
    }

    /** The operator takes the mail and works on it: opened, so never taken back, and still held. */
    private String workOn(String subject) throws Exception {
        String holder = holderOf(subject);
        imap(holder).markAllSeen("INBOX");
        return holder;
    }

    private JsonPath plexState() {
        return given().baseUri("http://127.0.0.1").port(james.webAdminPort()).get("/mailplex/" + PLEX).then().statusCode(200)
            .extract().jsonPath();
    }

    private Map<String, Object> operatorJson(String operator) {
        List<Map<String, Object>> all = plexState().getList("operators");
        return all.stream().filter(entry -> operator.equals(entry.get("operator"))).findFirst().orElseThrow();
    }

    private String other(String... taken) {
        return operators.keySet().stream().filter(operator -> !List.of(taken).contains(operator)).findFirst().orElseThrow();
    }

    /** The first mail goes to someone who never opens it; after reclaimAfter it is with another operator. Returns {absent, taker}. */
    private String[] unopenedMailTakenBack(String subject) throws Exception {
        smtp.send(CUSTOMER, PLEX, subject);
        String absent = holderOf(subject);
        String taker = await().atMost(WAIT).until(() -> {
            for (Map.Entry<String, ImapClient> operator : operators.entrySet()) {
                if (!operator.getKey().equals(absent) && operator.getValue().subjects().contains(subject)) {
                    return operator.getKey();
                }
            }
            return null;
        }, holder -> holder != null);
        imap(taker).markAllSeen("INBOX");
        return new String[] {absent, taker};
    }

    @Test
    void unopenedMailShouldGoToTheNextOperatorAndItsOperatorBeAwayUntilTheyDeleteTheNotice() throws Exception {
        String[] roles = unopenedMailTakenBack("unopened");
        String absent = roles[0];
        String taker = roles[1];
        String third = other(absent, taker);

        // the mail is with the taker only, with a trace of the reclaim above the usual trace headers
        Optional<String> reclaimed = imap(taker).header("INBOX", "unopened", "X-MailPlex-Reclaimed");
        assertThat(reclaimed).isPresent();
        assertThat(reclaimed.get()).startsWith(absent + "; ");
        // the absent operator finds the notice, and nothing else
        await().atMost(WAIT).untilAsserted(() -> assertThat(imap(absent).subjects()).singleElement().asString().contains(NOTICE));
        Map<String, Object> away = operatorJson(absent);
        assertThat(away.get("away")).isEqualTo(true);
        assertThat(away.get("status")).isEqualTo("away");
        assertThat(away.get("awaySince")).isNotNull();
        // counted across the class's tests: each takes mail back from whoever the rule picked
        assertThat((Integer) away.get("reclaimed")).isGreaterThanOrEqualTo(1);

        // while away they get nothing; the others work
        smtp.send(CUSTOMER, PLEX, "while away");
        assertThat(workOn("while away")).isEqualTo(third);
        smtp.send(CUSTOMER, PLEX, "next");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.parked()).isEqualTo(1));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
            .untilAsserted(() -> assertThat(imap(absent).subjects()).singleElement().asString().contains(NOTICE));

        // deleting the notice brings them back, and the waiting mail is theirs by the rule
        imap(absent).drain();

        await().atMost(WAIT).untilAsserted(() -> assertThat(imap(absent).subjects()).containsExactly("next"));
        assertThat(operatorJson(absent).get("away")).isEqualTo(false);
        assertThat(james.parked()).isZero();
    }

    @Test
    void readingTheNoticeShouldBringTheOperatorBack() throws Exception {
        String[] roles = unopenedMailTakenBack("read notice");
        String absent = roles[0];
        await().atMost(WAIT).untilAsserted(() -> assertThat(imap(absent).subjects()).singleElement().asString().contains(NOTICE));
        smtp.send(CUSTOMER, PLEX, "busy third");
        workOn("busy third");
        smtp.send(CUSTOMER, PLEX, "after reading");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.parked()).isEqualTo(1));

        imap(absent).markAllSeen("INBOX");

        await().atMost(WAIT).untilAsserted(() -> assertThat(imap(absent).subjects()).endsWith("after reading"));
        // the notice they read stays, and does not make them busy
        assertThat(imap(absent).subjects()).hasSize(2);
        imap(absent).markAllSeen("INBOX");
    }

    @Test
    void aMailOpenedInTimeShouldNeverBeTakenBack() throws Exception {
        smtp.send(CUSTOMER, PLEX, "opened in time");
        String holder = workOn("opened in time");

        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).untilAsserted(() -> {
            assertThat(imap(holder).subjects()).containsExactly("opened in time");
            for (String other : operators.keySet()) {
                if (!other.equals(holder)) {
                    assertThat(imap(other).subjects()).isEmpty();
                }
            }
        });
        assertThat(operatorJson(holder).get("away")).isEqualTo(false);
    }

    /**
     * Downloads every message of the operator's INBOX over POP3 (RETR) and leaves them on the server,
     * as a client set to "leave on server" (fetchmail --keep) does; returns their subjects.
     */
    private List<String> downloadOverPop3KeepingThem(String operator) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.pop3.connectiontimeout", "10000");
        properties.put("mail.pop3.timeout", "60000");
        List<String> subjects = new ArrayList<>();
        try (Store store = Session.getInstance(properties).getStore("pop3")) {
            store.connect("127.0.0.1", james.pop3Port(), operator, PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (Message message : inbox.getMessages()) {
                message.writeTo(new ByteArrayOutputStream());
                subjects.add(message.getSubject());
            }
            inbox.close(false);
        }
        return subjects;
    }

    @Test
    void aMailDownloadedOverPop3ShouldNeverBeTakenBack() throws Exception {
        smtp.send(CUSTOMER, PLEX, "downloaded");
        String holder = holderOf("downloaded");

        assertThat(downloadOverPop3KeepingThem(holder)).containsExactly("downloaded");

        // more than reclaimAfter (3 s) with passes every 500 ms
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).untilAsserted(() -> {
            assertThat(imap(holder).subjects()).containsExactly("downloaded");
            for (String other : operators.keySet()) {
                if (!other.equals(holder)) {
                    assertThat(imap(other).subjects()).isEmpty();
                }
            }
        });
        assertThat(operatorJson(holder).get("away")).isEqualTo(false);
    }

    @Test
    void readingTheNoticeOverPop3ShouldBringTheOperatorBack() throws Exception {
        String[] roles = unopenedMailTakenBack("notice over pop3");
        String absent = roles[0];
        await().atMost(WAIT).untilAsserted(() -> assertThat(imap(absent).subjects()).singleElement().asString().contains(NOTICE));
        smtp.send(CUSTOMER, PLEX, "busy third pop3");
        workOn("busy third pop3");
        smtp.send(CUSTOMER, PLEX, "after pop3 reading");
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.parked()).isEqualTo(1));

        assertThat(downloadOverPop3KeepingThem(absent)).singleElement().asString().contains(NOTICE);

        await().atMost(WAIT).untilAsserted(() -> assertThat(imap(absent).subjects()).endsWith("after pop3 reading"));
        assertThat(operatorJson(absent).get("away")).isEqualTo(false);
        imap(absent).markAllSeen("INBOX");
    }

    @Test
    void aReclaimedMailShouldKeepItsPlaceAheadOfYoungerMail() throws Exception {
        smtp.send(CUSTOMER, PLEX, "filler 1");
        String first = workOn("filler 1");
        smtp.send(CUSTOMER, PLEX, "filler 2");
        String second = workOn("filler 2");
        smtp.send(CUSTOMER, PLEX, "older");
        String absent = holderOf("older");
        smtp.send(CUSTOMER, PLEX, "younger");

        // taken back: the queue holds it ahead of the younger mail, which says whom it was taken from
        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath queue = given().baseUri("http://127.0.0.1").port(james.webAdminPort()).get("/mailplex/" + PLEX + "/queue")
                .then().statusCode(200).extract().jsonPath();
            assertThat(queue.getList("subject")).containsExactly("older", "younger");
            assertThat(queue.getList("[0].reclaimedFrom.operator")).containsExactly(absent);
            assertThat(queue.getList("[1].reclaimedFrom")).isEmpty();
        });

        imap(first).drain();

        await().atMost(WAIT).untilAsserted(() -> assertThat(imap(first).subjects()).containsExactly("older"));
        imap(first).markAllSeen("INBOX");
        imap(second).drain();
        await().atMost(WAIT).untilAsserted(() -> assertThat(imap(second).subjects()).containsExactly("younger"));
    }

    @Test
    void aRestartShouldKeepTheOperatorAway() throws Exception {
        String[] roles = unopenedMailTakenBack("before restart");
        String absent = roles[0];
        await().atMost(WAIT).untilAsserted(() -> assertThat(imap(absent).subjects()).singleElement().asString().contains(NOTICE));

        james.restart().withDemoUsers();
        smtp = james.smtp();
        operators = Map.of(ALICE, james.imap(ALICE), BOB, james.imap(BOB), CAROL, james.imap(CAROL));

        assertThat(operatorJson(absent).get("away")).isEqualTo(true);
        // the memory James forgot every mailbox: MailPlex leaves the notice again
        await().atMost(WAIT).untilAsserted(() -> assertThat(imap(absent).subjects()).singleElement().asString().contains(NOTICE));
        smtp.send(CUSTOMER, PLEX, "after restart");
        String holder = workOn("after restart");
        assertThat(holder).isNotEqualTo(absent);
    }
}
