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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailplex.it.MailPlexJames.PASSWORD;
import static org.mailplex.it.MailPlexJames.PLEX;
import static org.mailplex.it.MailPlexJames.replacing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * SIGKILL of MailPlex's James while it delivers to a remote operator: the mail is in her mailbox
 * on the partner's server, the release journal says only "begun", the mail is still in the
 * queue. The partner's James runs in this JVM and outlives the kill; MailPlex's runs in a child
 * JVM on one working folder. After the restart the ticket search in her remote mailbox finds the
 * mail: it leaves the queue and is never delivered again, so it is in exactly one place.
 */
class RemoteOperatorCrashIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern READY = Pattern.compile("READY smtp=(\\d+) imap=(\\d+) webadmin=(\\d+)");
    private static final String DAVE = PartnerJames.DAVE;

    @TempDir
    Path work;

    private Process child;
    private PartnerJames partner;

    /** MailPlex's James: dave (on the partner's server, kind slowimap) is its one operator; args: folder, partner IMAP port, password file. */
    public static final class Child {
        private Child() {
        }

        public static void main(String[] args) throws Exception {
            String mailbox = "<operatorMailboxes>" + DAVE + " slowimap url=imap://127.0.0.1:" + args[1] + "/INBOX login=" + DAVE
                + " passwordFile=" + args[2] + " allowPlaintext=true</operatorMailboxes>";
            MailPlexJames james = MailPlexJames.fromShippedConf(Paths.get(args[0]), conf -> replacing(
                "<operators>alice@mailplex.local, bob@mailplex.local</operators>",
                "<operators>" + DAVE + "</operators>\n" + mailbox).apply(conf))
                .withProperty("extensions.properties", "guice.extension.module", SlowImapModule.EXTENSION_MODULES)
                .start();
            james.withDemoUsers();
            System.out.println("READY smtp=" + james.smtpPort() + " imap=" + james.imapPort() + " webadmin=" + james.webAdminPort());
            System.out.flush();
            Thread.currentThread().join();
        }
    }

    private int[] start(int partnerImap, Path passwordFile, long pauseMillis) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Path log = work.resolve("james-" + System.nanoTime() + ".log");
        child = new ProcessBuilder(java, "-Xmx768m", "-D" + SlowImapModule.PAUSE + "=" + pauseMillis,
            "-cp", System.getProperty("java.class.path"), Child.class.getName(), work.resolve("james").toString(),
            String.valueOf(partnerImap), passwordFile.toString())
            .redirectErrorStream(true)
            .start();
        CompletableFuture<int[]> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    Matcher matcher = READY.matcher(line);
                    if (matcher.find()) {
                        ready.complete(new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(3))});
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("James ended before it was ready; see " + log));
        }, "child-james-output");
        reader.setDaemon(true);
        reader.start();
        return ready.get(3, TimeUnit.MINUTES);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void kill() throws Exception {
        new ProcessBuilder("kill", "-KILL", String.valueOf(child.pid())).inheritIO().start().waitFor();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @AfterEach
    void stop() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
        if (partner != null) {
            try {
                partner.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static JsonPath get(int webadmin, String path) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(webadmin).get(path).then().statusCode(200).extract().jsonPath();
    }

    private Path releaseJournal() throws IOException {
        Path folder = work.resolve("james/var/mailplex/" + PLEX);
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith("releases")).findFirst()
                .orElseThrow(() -> new AssertionError("no release journal in " + folder));
        }
    }

    @Test
    void aKillAfterTheRemoteAppendAndBeforeTheJournalKnowsShouldLeaveTheMailInExactlyOnePlace() throws Exception {
        int partnerImap = freePort();
        partner = PartnerJames.start(work.resolve("partner"), partnerImap, freePort());
        ImapClient dave = new ImapClient("127.0.0.1", partnerImap, DAVE, PASSWORD);
        Path passwordFile = work.resolve("dave.password");
        Files.writeString(passwordFile, PASSWORD);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));

        // a minute between the APPEND on the partner's server and MailPlex hearing of it: the kill lands there
        int[] first = start(partnerImap, passwordFile, 60_000);
        new SmtpClient("127.0.0.1", first[0]).send("customer@example.org", PLEX, "in flight");
        await().atMost(WAIT).untilAsserted(() -> assertThat(dave.subjects()).containsExactly("in flight"));
        assertThat(Files.readString(releaseJournal())).contains("begin\t");
        assertThat(get(first[1], "/mailplex/" + PLEX + "/queue").getList("key")).hasSize(1);

        kill();
        int[] second = start(partnerImap, passwordFile, 0);

        // the ticket search finds it in dave's remote mailbox: out of the queue, never delivered again
        await().atMost(WAIT).untilAsserted(() -> assertThat(get(second[1], "/mailplex/" + PLEX + "/queue").getList("key")).isEmpty());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
            .untilAsserted(() -> assertThat(dave.subjects()).containsExactly("in flight"));
        List<String> statuses = get(second[1], "/mailplex/" + PLEX).getList("operators.status");
        assertThat(statuses).containsExactly("busy");
    }
}
