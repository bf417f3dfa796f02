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

package org.mailplex.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.BOB;
import static org.mailplex.it.MailPlexJames.PASSWORD;
import static org.mailplex.it.MailPlexJames.PLEX;
import static org.mailplex.it.MailPlexJames.replacing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.it.ImapClient;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.SmtpClient;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Kills James (SIGKILL) in the middle of a reclaim, on purpose: the mail is back in the queue and
 * still in the operator's mailbox, the reclaim journal open. The next start must finish the job:
 * the mail is given once to the next operator, the absent one is away with a notice, nothing is
 * lost, and the journal is empty.
 *
 * <p>James runs in a child JVM ({@link Child}) on one working folder, so its file queue, its
 * journals and its away book outlive the kill. The memory app's mailboxes do not: what a restart
 * does to a mailbox that survives is covered by {@code ReclaimTest} on mailboxes kept across a
 * simulated crash.</p>
 */
class ReclaimCrashIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern READY = Pattern.compile("READY smtp=(\\d+) imap=(\\d+) webadmin=(\\d+)");
    private static final String CUSTOMER = "customer@example.org";

    @TempDir
    Path work;

    private Process child;

    /** The James the test kills: the shipped configuration, alice (reclaimAfter 2 s) and bob (never), a 500 ms tick. */
    public static final class Child {
        private Child() {
        }

        public static void main(String[] args) throws Exception {
            MailPlexJames james = MailPlexJames.fromShippedConf(Paths.get(args[0]), conf -> replacing(
                "<reconcileInterval>5s</reconcileInterval>",
                "<reconcileInterval>500ms</reconcileInterval>\n                <reclaimAfter>2s</reclaimAfter>")
                // bob's mail is never taken back (his override), so what he gets stays with him
                .andThen(replacing("<operators>alice@mailplex.local, bob@mailplex.local</operators>",
                    "<operators>alice@mailplex.local, bob@mailplex.local::off</operators>"))
                .apply(conf))
                .withProperty("extensions.properties", "guice.extension.module", CrashWindowsModule.EXTENSION_MODULES)
                .start();
            james.withDemoUsers();
            System.out.println("READY smtp=" + james.smtpPort() + " imap=" + james.imapPort() + " webadmin=" + james.webAdminPort());
            System.out.flush();
            Thread.currentThread().join();
        }
    }

    private static final class Ports {
        private final int smtp;
        private final int imap;
        private final int webadmin;

        private Ports(int smtp, int imap, int webadmin) {
            this.smtp = smtp;
            this.imap = imap;
            this.webadmin = webadmin;
        }
    }

    private Ports start(long reclaimWindowMillis) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Path log = work.resolve("james-" + System.nanoTime() + ".log");
        child = new ProcessBuilder(java, "-Xmx768m", "-D" + CrashWindowsModule.RECLAIM_WINDOW + "=" + reclaimWindowMillis,
            "-cp", System.getProperty("java.class.path"), Child.class.getName(), work.resolve("james").toString())
            .redirectErrorStream(true)
            .start();
        CompletableFuture<Ports> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                    Matcher matcher = READY.matcher(line);
                    if (matcher.find()) {
                        ready.complete(new Ports(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                            Integer.parseInt(matcher.group(3))));
                    }
                }
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("James ended before it was ready; see " + log));
        }, "child-james-output");
        reader.setDaemon(true);
        reader.start();
        return ready.get(3, TimeUnit.MINUTES);
    }

    private void kill() throws Exception {
        new ProcessBuilder("kill", "-KILL", String.valueOf(child.pid())).inheritIO().start().waitFor();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @AfterEach
    void stopChild() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
    }

    private static JsonPath get(Ports ports, String path) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(ports.webadmin).get(path).then().statusCode(200).extract().jsonPath();
    }

    private Path reclaimJournal() {
        return work.resolve("james/var/mailplex/" + PLEX + "/reclaims.journal");
    }

    private static String hex(String key) {
        StringBuilder hex = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hex.append(String.format("%02X", b));
        }
        return hex.toString();
    }

    private List<String> queueFiles() throws Exception {
        Path queue = work.resolve("james/var/mail/mailplex/help");
        if (!Files.isDirectory(queue)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(queue)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toList());
        }
    }

    @Test
    void aKillBetweenPuttingBackAndRemovingFromTheMailboxShouldBeFinishedAtTheNextStart() throws Exception {
        // a minute between putting the mail back and removing it from alice's INBOX: the kill lands there
        Ports first = start(60_000);
        ImapClient alice = new ImapClient("127.0.0.1", first.imap, ALICE, PASSWORD);
        new SmtpClient("127.0.0.1", first.smtp).send(CUSTOMER, PLEX, "unopened");
        await().atMost(WAIT).untilAsserted(() -> assertThat(alice.subjects()).containsExactly("unopened"));
        String key = get(first, "/mailplex/" + PLEX + "/releases").getString("[0].key");

        // the window: back in the queue's folder, still in alice's INBOX, the journal open
        await().atMost(WAIT).untilAsserted(() -> {
            // James's file repository names a mail's files after its key in hexadecimal
            assertThat(queueFiles()).anyMatch(name -> name.startsWith(hex(key) + "."));
            assertThat(Files.readString(reclaimJournal())).startsWith("begin\t" + key + "\t");
        });
        assertThat(alice.subjects()).containsExactly("unopened");

        kill();
        Ports second = start(0);

        // bob gets it, once; alice is away with a notice, and the journal is empty
        ImapClient bob = new ImapClient("127.0.0.1", second.imap, BOB, PASSWORD);
        ImapClient aliceAgain = new ImapClient("127.0.0.1", second.imap, ALICE, PASSWORD);
        await().atMost(WAIT).untilAsserted(() -> assertThat(bob.subjects()).containsExactly("unopened"));
        assertThat(bob.header("INBOX", "unopened", "X-MailPlex-Reclaimed")).hasValueSatisfying(value -> assertThat(value)
            .startsWith(ALICE + "; "));
        await().atMost(WAIT).untilAsserted(() -> assertThat(aliceAgain.subjects()).singleElement().asString()
            .contains("you are away from " + PLEX));
        List<Object> operators = get(second, "/mailplex/" + PLEX).getList("operators.findAll { it.operator == '" + ALICE + "' }.away");
        assertThat(operators).containsExactly(true);
        assertThat(get(second, "/mailplex/" + PLEX + "/queue").getList("key")).isEmpty();
        assertThat(get(second, "/mailplex/" + PLEX + "/releases").getList("operator")).containsExactly(ALICE, BOB);
        assertThat(Files.readString(reclaimJournal())).isEmpty();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
            .untilAsserted(() -> assertThat(bob.subjects()).containsExactly("unopened"));
    }
}
