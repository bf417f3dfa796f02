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

package org.mailplex.multinode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplex.cassandra.CassandraReleaseJournalStore;
import org.mailplex.core.QueueKeys;
import org.mailplex.core.Release;
import org.mailplex.it.ImapClient;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.SmtpClient;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Two James nodes in two JVMs over one real Cassandra (the plex's queue is James's own Cassandra
 * mail repository; the lease and every MailPlex store are {@code MailPlexCassandraModule}'s, the
 * trace secret included: nothing is copied between the nodes). Before the kill: a roster change made
 * on the node that does not hold the lease is applied by the holder, a sticky follow-up parked on
 * that node goes to its conversation's owner, alice is paused on the holder and carol marked away there
 * (a mail she left unopened taken back, a notice left). Then mail is sent to
 * both nodes while alice and bob read on both, the lease holder gets SIGKILL while mail flows, and
 * the other node takes over: alice stays paused there, carol away with her notice, its {@code /releases} shows the dead holder's
 * releases, and every accepted Message-ID is accounted for.
 *
 * <p>What this setup cannot share: the nodes are memory apps, so each has its own users and its own
 * RAM mailboxes (alice on node A is not alice on node B), and the killed node's RAM spool and RAM
 * mailboxes die with it. A mail accepted by the killed node and never parked, or released by it into
 * its RAM mailbox and not read before the kill, is lost by the memory app; those are told apart
 * through the shared release history (the killed holder's releases are those before the kill) and
 * reported, not counted against MailPlex. Anything else missing, and any Message-ID read twice,
 * fails the test.</p>
 */
class TwoNodeFailoverIT {
    private static final String PLEX = MailPlexJames.PLEX;
    private static final List<String> OPERATORS = List.of(MailPlexJames.ALICE, MailPlexJames.BOB);
    private static final Pattern READY = Pattern.compile("^READY smtp=(\\d+) imap=(\\d+) webadmin=(\\d+)");
    private static final int MAILS = Integer.getInteger("multinode.mails", 300);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CassandraServer cassandra;
    private static Path folder;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Instant> accepted = new ConcurrentHashMap<>();
    private final Map<String, String> acceptedBy = new ConcurrentHashMap<>();
    private final Map<String, List<String>> read = new ConcurrentHashMap<>();
    private volatile boolean finished;
    private volatile String idPrefix = "multinode";

    /** A James node in its own JVM. */
    private static final class Node {
        private final String name;
        private final Path directory;
        private final Process process;
        private final int smtp;
        private final int imap;
        private final int webadmin;
        private volatile boolean dead;

        Node(String name, Path directory, Process process, int smtp, int imap, int webadmin) {
            this.name = name;
            this.directory = directory;
            this.process = process;
            this.smtp = smtp;
            this.imap = imap;
            this.webadmin = webadmin;
        }
    }

    @BeforeAll
    static void startCassandra() throws Exception {
        folder = Paths.get(System.getProperty("multinode.dir", "target/multinode"), "two-nodes");
        CassandraServer.deleteRecursively(folder);
        cassandra = CassandraServer.start(folder.resolve("cassandra"), Duration.ofSeconds(120));
        System.out.println("[multinode] Cassandra answered CQL after " + cassandra.startedIn().toMillis() + " ms");
    }

    @AfterAll
    static void stopCassandra() throws Exception {
        if (cassandra != null) {
            cassandra.close();
        }
    }

    /** Starts a node; the trace secret is not copied by hand: the first node makes it in Cassandra, the other reads it. */
    private static Node start(String name) throws Exception {
        Path directory = folder.resolve(name);
        Files.createDirectories(directory.resolve("var/mailplex"));
        List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m", "-Dmailplex.node=" + name, "-Dmultinode.cassandra.port=" + cassandra.cqlPort(),
            "-Dmailplex.conf.dir=" + System.getProperty("mailplex.conf.dir"), "-Djames.exit.on.startup.error=false",
            "-Dlogback.configurationFile=" + System.getProperty("multinode.node.logback"),
            "-cp", System.getProperty("java.class.path"), JamesNode.class.getName(), directory.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Path log = directory.resolve("node.log");
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            String line = lines.readLine();
            if (line == null) {
                throw new IllegalStateException(name + " exited before READY; see " + log);
            }
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
            Matcher ready = READY.matcher(line);
            if (ready.find()) {
                Node node = new Node(name, directory, process, Integer.parseInt(ready.group(1)), Integer.parseInt(ready.group(2)),
                    Integer.parseInt(ready.group(3)));
                Thread pump = new Thread(() -> {
                    try {
                        String more;
                        while ((more = lines.readLine()) != null) {
                            Files.writeString(log, more + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                        }
                    } catch (IOException e) {
                        // the node died
                    }
                }, name + "-log");
                pump.setDaemon(true);
                pump.start();
                return node;
            }
        }
        throw new IllegalStateException(name + " not ready within 180 s");
    }

    private JsonNode get(Node node, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.webadmin + path))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private boolean leads(Node node) {
        try {
            return get(node, "/mailplex").get(0).path("lease").path("thisNode").asBoolean(false);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void theOtherNodeTakesOverWhenTheLeaseHolderIsKilledWhileMailFlows() throws Exception {
        Node a = start("node-a");
        Node b = start("node-b");
        List<Node> nodes = List.of(a, b);
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            while (nodes.stream().filter(this::leads).count() != 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            Node leader = nodes.stream().filter(this::leads).findFirst().orElseThrow();
            Node survivor = leader == a ? b : a;
            System.out.println("[multinode] " + leader.name + " holds the lease: " + get(survivor, "/mailplex").get(0).path("lease"));
            rosterChangedOnTheOtherNodeIsAppliedByTheHolder(leader, survivor);
            stickyFollowUpParkedOnTheOtherNodeGoesToItsOwner(leader, survivor);
            assignmentMadeOnTheOtherNodeIsDeliveredByTheHolder(leader, survivor);
            // alice is paused on the holder before the kill: the next holder must not give her anything
            assertThat(send(leader, "PUT", "/mailplex/" + PLEX + "/operators/" + MailPlexJames.ALICE + "/paused", "")).isEqualTo(204);
            // carol is away (a mail she left unopened was taken back) with a notice: the next holder gives her nothing either
            carolAwayOnTheHolder(leader);

            List<Thread> threads = new ArrayList<>();
            for (Node node : nodes) {
                for (String operator : OPERATORS) {
                    threads.add(thread(node.name + "-" + operator, () -> operate(node, operator)));
                }
            }
            Instant[] killedAt = new Instant[1];
            Thread sender = thread("sender", () -> {
                for (int number = 0; number < MAILS; number++) {
                    if (number == MAILS / 3) {
                        leader.dead = true;
                        leader.process.destroyForcibly();
                        killedAt[0] = Instant.now();
                        System.out.println("[multinode] SIGKILL to " + leader.name + " after " + number + " mails offered");
                    }
                    Node target = nodes.get(number % 2).dead ? survivor : nodes.get(number % 2);
                    send(target, number);
                    Thread.sleep(15);
                }
            });
            sender.join();
            long takeoverDeadline = System.currentTimeMillis() + 30_000;
            while (!leads(survivor) && System.currentTimeMillis() < takeoverDeadline) {
                Thread.sleep(100);
            }
            assertThat(leads(survivor)).isTrue();
            JsonNode aliceAfterTakeover = operator(survivor, MailPlexJames.ALICE);
            System.out.println("[multinode] alice on " + survivor.name + " after the takeover: " + aliceAfterTakeover);
            assertThat(aliceAfterTakeover.path("paused").asBoolean()).isTrue();
            JsonNode carolAfterTakeover = operator(survivor, MailPlexJames.CAROL);
            System.out.println("[multinode] carol on " + survivor.name + " after the takeover: " + carolAfterTakeover);
            assertThat(carolAfterTakeover.path("away").asBoolean()).isTrue();
            assertThat(carolsNotices()).isEqualTo(1);
            waitForDrain(survivor);
            List<Release> whilePaused = releasesAfter(killedAt[0]);
            // neither alice (paused) nor carol (away) got anything from the new holder
            assertThat(whilePaused).isNotEmpty().extracting(Release::operator).containsOnly(MailPlexJames.BOB);
            assertThat(send(survivor, "DELETE", "/mailplex/" + PLEX + "/operators/" + MailPlexJames.ALICE + "/paused", "")).isEqualTo(204);
            finished = true;
            for (Thread thread : threads) {
                thread.join(10_000);
            }

            List<Release> survivorReleases = releasesAfter(killedAt[0]);
            theSurvivorShowsTheDeadHoldersReleases(survivor, killedAt[0]);
            Instant firstAfterKill = survivorReleases.stream().map(Release::releasedAt).filter(at -> at.isAfter(killedAt[0]))
                .min(Instant::compareTo).orElseThrow();
            JsonNode lease = get(survivor, "/mailplex").get(0).path("lease");
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + survivor.webadmin + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            account(leader, survivor, survivorReleases, killedAt[0], firstAfterKill, lease, metrics);
            releaseLatency(survivor);
        } finally {
            finished = true;
            for (Node node : nodes) {
                node.process.destroyForcibly();
                node.process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * {@value #KILLS} successive SIGKILLs of whoever holds the lease while {@code multinode.kills.mails}
     * mails (1,000 by default) are sent to the live nodes; each killed node is started again (same
     * name, same folder, a new RAM) before the next kill. No mail read twice, none missing but those
     * the memory app lost with a killed node's RAM.
     */
    @Test
    void aThousandMailsAcrossThreeSuccessiveKillsOfTheHolderAreReadOnceAndNoneLost() throws Exception {
        idPrefix = "kills";
        int mails = Integer.getInteger("multinode.kills.mails", 1_000);
        Instant begin = Instant.now();
        Map<String, Node> live = new ConcurrentHashMap<>();
        for (String name : List.of("node-c", "node-d")) {
            live.put(name, start(name));
        }
        List<Instant> kills = Collections.synchronizedList(new ArrayList<>());
        List<String> killedNames = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        try {
            for (String name : List.copyOf(live.keySet())) {
                for (String operator : OPERATORS) {
                    threads.add(thread(name + "-" + operator, () -> {
                        while (!finished) {
                            Node node = live.get(name);
                            if (node != null && !node.dead) {
                                operate(node, operator);
                            } else {
                                Thread.sleep(200);
                            }
                        }
                    }));
                }
            }
            for (int number = 0; number < mails; number++) {
                if (number > 0 && number % (mails / (KILLS + 1)) == 0 && kills.size() < KILLS) {
                    Node holder = holderOf(live);
                    holder.dead = true;
                    holder.process.destroyForcibly();
                    kills.add(Instant.now());
                    killedNames.add(holder.name);
                    System.out.println("[multinode] kill " + kills.size() + ": SIGKILL to " + holder.name + " after " + number + " mails");
                    String name = holder.name;
                    thread("restart-" + name, () -> live.put(name, start(name)));
                }
                List<Node> up = live.values().stream().filter(node -> !node.dead).collect(Collectors.toList());
                send(up.get(number % up.size()), number);
                Thread.sleep(15);
            }
            Node last = holderOf(live);
            waitForDrain(last);
            finished = true;
            for (Thread thread : threads) {
                thread.join(10_000);
            }
            accountKills(begin, kills, killedNames, mails);
        } finally {
            finished = true;
            for (Node node : live.values()) {
                node.process.destroyForcibly();
                node.process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static final int KILLS = 3;

    /** The one live node holding the lease, once both nodes are up and one holds it (the sender waits meanwhile). */
    private Node holderOf(Map<String, Node> live) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            List<Node> up = live.values().stream().filter(node -> !node.dead).collect(Collectors.toList());
            List<Node> holders = up.stream().filter(this::leads).collect(Collectors.toList());
            if (up.size() == 2 && holders.size() == 1) {
                return holders.get(0);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no single lease holder among two live nodes within 120 s");
    }

    private void accountKills(Instant begin, List<Instant> kills, List<String> killedNames, int mails) {
        Map<String, Instant> releasedAt = new ConcurrentHashMap<>();
        releases().stream().filter(release -> release.releasedAt().isAfter(begin))
            .forEach(release -> releasedAt.put(release.messageId().orElse("none").trim(), release.releasedAt()));
        Instant lastKill = kills.get(kills.size() - 1);
        List<String> twice = read.entrySet().stream().filter(entry -> entry.getValue().size() > 1)
            .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.toList());
        List<String> missing = accepted.keySet().stream().filter(id -> !read.containsKey(id)).sorted().collect(Collectors.toList());
        // released by a holder that was killed later, into its RAM mailbox, unread at its kill
        List<String> inKilledMailbox = missing.stream().filter(id -> releasedAt.containsKey(id) && releasedAt.get(id).isBefore(lastKill))
            .collect(Collectors.toList());
        // accepted by a node killed less than 3 s later, never parked (its RAM spool)
        List<String> inKilledSpool = missing.stream().filter(id -> !releasedAt.containsKey(id))
            .filter(id -> {
                for (int kill = 0; kill < kills.size(); kill++) {
                    Instant at = accepted.get(id);
                    if (acceptedBy.get(id).equals(killedNames.get(kill)) && at.isBefore(kills.get(kill))
                        && at.isAfter(kills.get(kill).minusSeconds(3))) {
                        return true;
                    }
                }
                return false;
            }).collect(Collectors.toList());
        List<String> againstMailPlex = new ArrayList<>(missing);
        againstMailPlex.removeAll(inKilledMailbox);
        againstMailPlex.removeAll(inKilledSpool);
        List<Long> takeovers = new ArrayList<>();
        for (Instant kill : kills) {
            releasedAt.values().stream().filter(at -> at.isAfter(kill)).min(Instant::compareTo)
                .ifPresent(first -> takeovers.add(Duration.between(kill, first).toMillis()));
        }
        System.out.println("[multinode] " + KILLS + " kills (" + killedNames + "): accepted " + accepted.size() + " of " + mails
            + "; read once " + (read.size() - twice.size()) + "; read twice " + twice.size() + " " + twice);
        System.out.println("[multinode] " + KILLS + " kills: missing " + missing.size() + " = " + inKilledMailbox.size()
            + " released into a killed node's RAM mailbox, unread at its kill + " + inKilledSpool.size()
            + " accepted by a node < 3 s before its kill, never parked (RAM spool) + " + againstMailPlex.size() + " against MailPlex "
            + againstMailPlex);
        System.out.println("[multinode] " + KILLS + " kills: SIGKILL to the next release, each kill: " + takeovers + " ms");
        assertThat(twice).isEmpty();
        assertThat(againstMailPlex).isEmpty();
        assertThat(accepted.size()).isGreaterThan(mails * 9 / 10);
        assertThat(takeovers).hasSize(KILLS).allMatch(millis -> millis < 10_000);
    }

    private void account(Node killed, Node survivor, List<Release> survivorReleases, Instant killedAt, Instant firstAfterKill,
                         JsonNode lease, String metrics) throws Exception {
        List<Release> killedReleases = releasesBefore(killedAt);
        Set<String> releasedByKilled = new HashSet<>();
        killedReleases.forEach(release -> releasedByKilled.add(release.messageId().orElse("none").trim()));
        Set<String> releasedBySurvivor = survivorReleases.stream().map(release -> release.messageId().orElse("none"))
            .map(String::trim).collect(Collectors.toSet());
        List<String> twice = read.entrySet().stream().filter(entry -> entry.getValue().size() > 1)
            .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.toList());
        List<String> missing = accepted.keySet().stream().filter(id -> !read.containsKey(id)).sorted().collect(Collectors.toList());
        List<String> inKilledMailbox = missing.stream().filter(releasedByKilled::contains).collect(Collectors.toList());
        List<String> inKilledSpool = missing.stream()
            .filter(id -> !releasedByKilled.contains(id) && !releasedBySurvivor.contains(id))
            .filter(id -> acceptedBy.get(id).equals(killed.name) && accepted.get(id).isAfter(killedAt.minusSeconds(3)))
            .collect(Collectors.toList());
        List<String> againstMailPlex = new ArrayList<>(missing);
        againstMailPlex.removeAll(inKilledMailbox);
        againstMailPlex.removeAll(inKilledSpool);
        long inversions = inversions(survivorReleases, Duration.ofSeconds(2));
        System.out.println("[multinode] accepted " + accepted.size() + " of " + MAILS + " (" + acceptedBy.values().stream()
            .filter(killed.name::equals).count() + " by " + killed.name + ", the rest by " + survivor.name + ")");
        System.out.println("[multinode] read by an operator: " + read.size() + "; read twice: " + twice.size() + " " + twice);
        System.out.println("[multinode] missing: " + missing.size() + " = " + inKilledMailbox.size()
            + " released by " + killed.name + " into its RAM mailbox, unread at the kill + " + inKilledSpool.size()
            + " accepted by " + killed.name + " < 3 s before the kill, never parked (RAM spool) + " + againstMailPlex.size()
            + " against MailPlex " + againstMailPlex);
        System.out.println("[multinode] releases: " + killedReleases.size() + " by " + killed.name + ", " + survivorReleases.size() + " by "
            + survivor.name + "; FIFO inversions among mails the holder knew for 2 s: " + inversions);
        System.out.println("[multinode] takeover: " + survivor.name + " released again " + Duration.between(killedAt, firstAfterKill).toMillis()
            + " ms after SIGKILL to " + killed.name + "; lease now " + lease);
        System.out.println("[multinode] metrics on " + survivor.name + ": " + metrics.lines()
            .filter(line -> line.startsWith("mailplex_leader") || line.startsWith("mailplex_takeovers")).collect(Collectors.joining("; ")));
        assertThat(twice).isEmpty();
        assertThat(againstMailPlex).isEmpty();
        assertThat(Duration.between(killedAt, firstAfterKill)).isLessThan(Duration.ofSeconds(10));
        assertThat(accepted.size()).isGreaterThan(MAILS * 9 / 10);
        assertThat(inversions).isZero();
    }

    /** Releases of one node in release order whose mail was parked, and so listed, 2 s or more before an older-keyed one went. */
    private static long inversions(List<Release> releases, Duration known) {
        long inversions = 0;
        for (int later = 0; later < releases.size(); later++) {
            Release late = releases.get(later);
            Instant parked = QueueKeys.parkedAt(late.key()).orElseThrow();
            for (int earlier = 0; earlier < later; earlier++) {
                Release early = releases.get(earlier);
                if (early.key().compareTo(late.key()) > 0 && parked.plus(known).isBefore(early.releasedAt())) {
                    inversions++;
                    break;
                }
            }
        }
        return inversions;
    }

    /**
     * Every release in the shared history (Cassandra, {@code mailplex_release_history}), in the
     * order they ended; a release the killed holder delivered and did not end was ended by the next
     * holder at its takeover. Only the holder releases, so those released before the kill are the
     * killed node's, those after the survivor's.
     */
    private static List<Release> releases() {
        List<Release> newestFirst = new ArrayList<>();
        try (CqlSession session = cassandra.session()) {
            for (Row row : session.execute(SimpleStatement.newInstance("SELECT key, operator, released_at, message_id FROM "
                + CassandraReleaseJournalStore.HISTORY_TABLE + " WHERE plex = ?", PLEX).setConsistencyLevel(ConsistencyLevel.QUORUM))) {
                newestFirst.add(new Release(row.getString("key"), row.getString("operator"),
                    Optional.ofNullable(row.getString("message_id")), row.getInstant("released_at")));
            }
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private static List<Release> releasesBefore(Instant at) {
        return releases().stream().filter(release -> !release.releasedAt().isAfter(at)).collect(Collectors.toList());
    }

    private static List<Release> releasesAfter(Instant at) {
        return releases().stream().filter(release -> release.releasedAt().isAfter(at)).collect(Collectors.toList());
    }

    /** The survivor's {@code /releases} (the shared history) shows what the dead holder released. */
    private void theSurvivorShowsTheDeadHoldersReleases(Node survivor, Instant killedAt) throws Exception {
        JsonNode shown = get(survivor, "/mailplex/" + PLEX + "/releases");
        Set<String> shownIds = new HashSet<>();
        shown.forEach(release -> shownIds.add(release.path("messageId").asText().trim()));
        List<String> deadHolders = releasesBefore(killedAt).stream().map(release -> release.messageId().orElse("none").trim())
            .collect(Collectors.toList());
        System.out.println("[multinode] /releases on " + survivor.name + ": " + shown.size() + " releases, " + deadHolders.size()
            + " of them by the dead holder before the kill");
        assertThat(deadHolders).isNotEmpty();
        assertThat(shownIds).containsAll(deadHolders);
    }

    /** bob's capacity set on the node that does not hold the lease: the holder applies it within a reconcile interval. */
    private void rosterChangedOnTheOtherNodeIsAppliedByTheHolder(Node holder, Node other) throws Exception {
        String path = "/mailplex/" + PLEX + "/operators/" + MailPlexJames.BOB;
        assertThat(send(other, "PUT", path, "{\"capacity\": 2}")).isEqualTo(204);
        long changed = System.nanoTime();
        long deadline = System.currentTimeMillis() + 10_000;
        while (operator(holder, MailPlexJames.BOB).path("capacity").asInt() != 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        System.out.println("[multinode] roster change made on " + other.name + " applied by the holder " + holder.name + " after "
            + (System.nanoTime() - changed) / 1_000_000 + " ms");
        assertThat(operator(holder, MailPlexJames.BOB).path("capacity").asInt()).isEqualTo(2);
        assertThat(send(other, "PUT", path, "{\"capacity\": 1}")).isEqualTo(204);
        deadline = System.currentTimeMillis() + 10_000;
        while (operator(holder, MailPlexJames.BOB).path("capacity").asInt() != 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(operator(holder, MailPlexJames.BOB).path("capacity").asInt()).isEqualTo(1);
    }

    /**
     * A first mail goes to alice (both free: roster order) on the holder; its follow-up, parked on
     * the other node while alice still holds the first and bob is free, goes to alice, not bob.
     */
    private void stickyFollowUpParkedOnTheOtherNodeGoesToItsOwner(Node holder, Node other) throws Exception {
        String first = "<sticky-first@harness.example>";
        sendRaw(holder, first, "");
        ImapClient alice = new ImapClient("127.0.0.1", holder.imap, MailPlexJames.ALICE, MailPlexJames.PASSWORD);
        ImapClient bob = new ImapClient("127.0.0.1", holder.imap, MailPlexJames.BOB, MailPlexJames.PASSWORD);
        try (ImapClient.Connection connection = alice.connect()) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (connection.statusMessages("INBOX") == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(connection.statusMessages("INBOX")).isEqualTo(1);
            long parked = System.nanoTime();
            sendRaw(other, "<sticky-follow-up@harness.example>", "In-Reply-To: " + first + "\r\n");
            while (connection.statusMessages("INBOX") < 2 && System.currentTimeMillis() < deadline + 10_000) {
                Thread.sleep(50);
            }
            System.out.println("[multinode] follow-up parked on " + other.name + " reached its owner alice on " + holder.name + " after "
                + (System.nanoTime() - parked) / 1_000_000 + " ms");
            assertThat(connection.statusMessages("INBOX")).isEqualTo(2);
        }
        try (ImapClient.Connection connection = bob.connect()) {
            assertThat(connection.statusMessages("INBOX")).isZero();
        }
        alice.drain();
    }

    /**
     * With alice and bob paused, carol joins the roster on the holder with a reclaimAfter of one
     * second and gets a mail she never opens: the holder takes it back and marks her away, with a
     * notice in her mailbox and in Cassandra; the mail then goes to bob, resumed.
     */
    private void carolAwayOnTheHolder(Node holder) throws Exception {
        String operators = "/mailplex/" + PLEX + "/operators/";
        assertThat(send(holder, "PUT", operators + MailPlexJames.BOB + "/paused", "")).isEqualTo(204);
        assertThat(send(holder, "PUT", operators + MailPlexJames.CAROL, "{\"reclaimAfter\": \"1s\"}")).isEqualTo(201);
        sendRaw(holder, "<carol-unopened@harness.example>", "");
        long deadline = System.currentTimeMillis() + 30_000;
        while (!operator(holder, MailPlexJames.CAROL).path("away").asBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        System.out.println("[multinode] carol on " + holder.name + " after leaving a mail unopened: " + operator(holder, MailPlexJames.CAROL));
        assertThat(operator(holder, MailPlexJames.CAROL).path("away").asBoolean()).isTrue();
        assertThat(carolsNotices()).isEqualTo(1);
        assertThat(send(holder, "DELETE", operators + MailPlexJames.BOB + "/paused", "")).isEqualTo(204);
        ImapClient bob = new ImapClient("127.0.0.1", holder.imap, MailPlexJames.BOB, MailPlexJames.PASSWORD);
        try (ImapClient.Connection bobInbox = bob.connect()) {
            while (bobInbox.statusMessages("INBOX") == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(bobInbox.statusMessages("INBOX")).isEqualTo(1);
        }
        bob.drain();
    }

    /** Carol's notices in the shared away store (Cassandra, {@code mailplex_notices}). */
    private static long carolsNotices() {
        try (CqlSession session = cassandra.session()) {
            return session.execute(SimpleStatement.newInstance("SELECT operator FROM mailplex_notices")
                .setConsistencyLevel(ConsistencyLevel.QUORUM)).all().stream()
                .filter(row -> MailPlexJames.CAROL.equals(row.getString("operator"))).count();
        }
    }

    /** Both operators busy on the holder; a mail parked on the other node is assigned to bob there: the holder delivers it, 200. */
    private void assignmentMadeOnTheOtherNodeIsDeliveredByTheHolder(Node holder, Node other) throws Exception {
        ImapClient alice = new ImapClient("127.0.0.1", holder.imap, MailPlexJames.ALICE, MailPlexJames.PASSWORD);
        ImapClient bob = new ImapClient("127.0.0.1", holder.imap, MailPlexJames.BOB, MailPlexJames.PASSWORD);
        sendRaw(holder, "<assign-1@harness.example>", "");
        sendRaw(holder, "<assign-2@harness.example>", "");
        try (ImapClient.Connection aliceInbox = alice.connect(); ImapClient.Connection bobInbox = bob.connect()) {
            long deadline = System.currentTimeMillis() + 10_000;
            while ((aliceInbox.statusMessages("INBOX") == 0 || bobInbox.statusMessages("INBOX") == 0)
                && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            sendRaw(other, "<assign-3@harness.example>", "");
            String key = null;
            while (key == null && System.currentTimeMillis() < deadline + 10_000) {
                JsonNode queue = get(other, "/mailplex/" + PLEX + "/queue");
                key = queue.size() == 1 ? queue.get(0).path("key").asText() : null;
                Thread.sleep(50);
            }
            assertThat(key).isNotNull();
            long asked = System.nanoTime();
            int status = send(other, "POST", "/mailplex/" + PLEX + "/queue/" + key + "?action=assign&operator=" + MailPlexJames.BOB, "");
            System.out.println("[multinode] assignment made on " + other.name + " (which does not hold the lease) answered " + status
                + " after " + (System.nanoTime() - asked) / 1_000_000 + " ms; bob's INBOX on " + holder.name + ": "
                + bobInbox.statusMessages("INBOX") + " mail(s)");
            assertThat(status).isEqualTo(200);
            assertThat(bobInbox.statusMessages("INBOX")).isEqualTo(2);
            assertThat(aliceInbox.statusMessages("INBOX")).isEqualTo(1);
        }
        alice.drain();
        bob.drain();
    }

    private void sendRaw(Node node, String messageId, String extraHeaders) throws IOException {
        String raw = "From: customer@example.org\r\nTo: " + PLEX + "\r\nSubject: sticky\r\nMessage-ID: " + messageId + "\r\n"
            + extraHeaders + "\r\nA conversation.\r\n";
        new SmtpClient("127.0.0.1", node.smtp).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10))
            .send("customer@example.org", List.of(PLEX), raw.getBytes(StandardCharsets.US_ASCII));
    }

    private JsonNode operator(Node node, String operator) throws Exception {
        for (JsonNode one : get(node, "/mailplex/" + PLEX).path("operators")) {
            if (operator.equals(one.path("operator").asText())) {
                return one;
            }
        }
        return JSON.createObjectNode();
    }

    private int send(Node node, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.webadmin + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private void send(Node node, int number) {
        String messageId = "<" + idPrefix + "-" + number + "@harness.example>";
        String raw = "From: customer@example.org\r\nTo: " + PLEX + "\r\nSubject: multinode " + number + "\r\nMessage-ID: " + messageId
            + "\r\n\r\nMail " + number + " for the multi-node test.\r\n";
        try {
            new SmtpClient("127.0.0.1", node.smtp).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10))
                .send("customer@example.org", List.of(PLEX), raw.getBytes(StandardCharsets.US_ASCII));
            accepted.put(messageId, Instant.now());
            acceptedBy.put(messageId, node.name);
        } catch (IOException | RuntimeException e) {
            System.out.println("[multinode] " + messageId + " not accepted by " + node.name + ": " + e);
        }
    }

    private void operate(Node node, String operator) throws Exception {
        ImapClient.Connection imap = null;
        while (!finished && !node.dead) {
            try {
                if (imap == null) {
                    imap = new ImapClient("127.0.0.1", node.imap, operator, MailPlexJames.PASSWORD)
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)).connect();
                }
                imap.take(raw -> {
                    String id = ImapClient.header(raw, "Message-ID").map(String::trim).orElse("none");
                    read.computeIfAbsent(id, any -> Collections.synchronizedList(new ArrayList<>())).add(node.name + "/" + operator);
                });
            } catch (IOException | RuntimeException e) {
                if (imap != null) {
                    imap.close();
                }
                imap = null;
            }
            Thread.sleep(50);
        }
        if (imap != null) {
            imap.close();
        }
    }

    private void waitForDrain(Node survivor) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        int stable = 0;
        int lastRead = -1;
        while (System.currentTimeMillis() < deadline && stable < 20) {
            long depth = get(survivor, "/mailplex").get(0).path("queueDepth").asLong(-1);
            stable = depth == 0 && read.size() == lastRead ? stable + 1 : 0;
            lastRead = read.size();
            Thread.sleep(250);
        }
    }

    /** On the node that took over: an operator's EXPUNGE to the next mail in her INBOX, heard through the keyed registrations. */
    private void releaseLatency(Node leader) throws Exception {
        finished = true;
        String operator = MailPlexJames.ALICE;
        ImapClient alice = new ImapClient("127.0.0.1", leader.imap, operator, MailPlexJames.PASSWORD);
        ImapClient bob = new ImapClient("127.0.0.1", leader.imap, MailPlexJames.BOB, MailPlexJames.PASSWORD);
        for (int number = 0; number < 22; number++) {
            send(leader, 10_000 + number);
        }
        List<Long> micros = new ArrayList<>();
        try (ImapClient.Connection connection = alice.connect()) {
            long waitUntil = System.currentTimeMillis() + 10_000;
            while (connection.statusMessages("INBOX") == 0 && System.currentTimeMillis() < waitUntil) {
                Thread.sleep(20);
            }
            for (int round = 0; round < 20; round++) {
                connection.select("INBOX");
                long start = System.nanoTime();
                connection.expungeAll();
                while (connection.statusMessages("INBOX") == 0) {
                    if (System.nanoTime() - start > 5_000_000_000L) {
                        break;
                    }
                }
                micros.add((System.nanoTime() - start) / 1000);
            }
        }
        bob.drain();
        Collections.sort(micros);
        System.out.println("[multinode] release latency on the node that took over (alice's EXPUNGE to her next mail, 20 rounds): p50 "
            + micros.get(micros.size() / 2) / 1000.0 + " ms, max " + micros.get(micros.size() - 1) / 1000.0 + " ms");
        assertThat(micros.get(micros.size() / 2)).isLessThan(1_000_000L);
    }

    private static Thread thread(String name, ThrowingRunnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
