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

package org.mailplex.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.mailplex.it.ImapClient;
import org.mailplex.it.SmtpClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


/**
 * Issue 4's crash harness. Runs James ({@link CrashChild}) in a child JVM on one working folder;
 * several SMTP clients send {@code crash.mails} mails to the plex while alice, bob and carol drain
 * their INBOX over IMAP; {@code crash.kills} times, at random moments while mail flows, the child
 * gets SIGKILL and a new one starts on the same folder. At the end every Message-ID James accepted
 * (answered 250 to DATA) is accounted for: delivered once, duplicated, still parked or lost.
 *
 * <p>The memory app keeps its spool and the operators' mailboxes in RAM, so a kill loses what sat
 * there. The operators' clients record each mail as they read it (the delivered side); MailPlex's
 * release history ({@code GET /mailplex/{plex}/releases}, kept in its journal across restarts) says
 * which mail it released, to whom and when; {@code /metrics} says after each start how many
 * releases a kill interrupted after delivery and MailPlex finished instead of delivering again. A
 * lost mail released but never read before the next kill was in a memory mailbox; a lost mail never
 * released whose 250 came less than {@value #SPOOL_GRACE_MILLIS} ms before a kill was in James's
 * memory spool: both are the memory app's. Any other lost mail is MailPlex's, and so is a mail
 * MailPlex released twice.</p>
 *
 * <p>Knobs (system properties): {@code crash.mails} (1000), {@code crash.kills} (5),
 * {@code crash.clients} (4), {@code crash.seed} (random), {@code crash.dir}
 * (bench/target/crash), {@code crash.window} (0: ms MailPlex waits between marking a mail
 * delivered and taking it out of the queue, through its test-only
 * {@code mailplex.test.releaseWindowMillis}, so kills land in that window). Exit status 1 when
 * MailPlex lost or released twice a mail, or the run proved nothing.</p>
 */
public final class CrashHarness {
    private static final String PLEX = "help@mailplex.local";
    private static final List<String> OPERATORS = List.of("alice@mailplex.local", "bob@mailplex.local", "carol@mailplex.local");
    private static final String PASSWORD = "secret";
    private static final Pattern READY = Pattern.compile("^READY smtp=(\\d+) imap=(\\d+) webadmin=(\\d+) parked=(\\d+)");
    private static final Pattern FINISHED_AT_START = Pattern.compile("(?m)^mailplex_finished_at_start_help_mailplex_local (\\d+)");
    /** James's spool hands a mail to the mailets within this long of its 250 (it is much less). */
    private static final long SPOOL_GRACE_MILLIS = 2_000;
    private static final Pattern QUEUE_DEPTH = Pattern.compile("\"queueDepth\"\\s*:\\s*(\\d+)");
    /** A killed James answers nothing: give up on its connections sooner than the tests do. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** Where the current child listens; null while it is down or starting. */
    private static final class Endpoint {
        final int smtp;
        final int imap;
        final int webadmin;
        final int generation;

        Endpoint(int smtp, int imap, int webadmin, int generation) {
            this.smtp = smtp;
            this.imap = imap;
            this.webadmin = webadmin;
            this.generation = generation;
        }
    }

    private final int mails;
    private final int kills;
    private final int clients;
    private final long window;
    private final Random random;
    private final Path dir;
    private final Path workingDirectory;
    private final Path jamesLog;
    private final PrintWriter childOutput;
    /** Every mail as an operator read it: time, operator, Message-ID, MailPlex ticket. */
    private final PrintWriter readLog;

    private final AtomicReference<Endpoint> endpoint = new AtomicReference<>();
    private final AtomicInteger generation = new AtomicInteger();
    private volatile Process child;
    private volatile boolean finished;

    private final AtomicInteger nextMail = new AtomicInteger();
    private final AtomicInteger operatorErrors = new AtomicInteger();
    /** Message-ID to the moment James answered 250 to its DATA. */
    private final Map<String, Instant> accepted = new ConcurrentHashMap<>();
    /** Per kill: releases MailPlex finished at the next start instead of delivering them again. */
    private final List<Integer> finishedAtStart = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> unacknowledged = ConcurrentHashMap.newKeySet();
    /** Message-ID to the operators who read it, one entry per copy read. */
    private final Map<String, List<String>> read = new ConcurrentHashMap<>();
    private final List<String> killLog = Collections.synchronizedList(new ArrayList<>());
    private final List<Instant> killTimes = Collections.synchronizedList(new ArrayList<>());
    /** When each operator read each mail, in order. */
    private final Map<String, List<Instant>> readTimes = new ConcurrentHashMap<>();

    private CrashHarness(int mails, int kills, int clients, long window, long seed, Path dir) throws IOException {
        this.mails = mails;
        this.kills = kills;
        this.clients = clients;
        this.window = window;
        this.random = new Random(seed);
        this.dir = dir;
        this.workingDirectory = dir.resolve("work");
        this.jamesLog = dir.resolve("james.log");
        Files.createDirectories(dir);
        this.readLog = new PrintWriter(Files.newBufferedWriter(dir.resolve("read.log"), StandardCharsets.UTF_8), true);
        this.childOutput = new PrintWriter(Files.newBufferedWriter(dir.resolve("child.out"), StandardCharsets.UTF_8), true);
    }

    public static void main(String[] args) throws Exception {
        int mails = Integer.getInteger("crash.mails", 1000);
        int kills = Integer.getInteger("crash.kills", 5);
        int clients = Integer.getInteger("crash.clients", 4);
        long window = Long.getLong("crash.window", 0);
        long seed = Long.getLong("crash.seed", new Random().nextLong());
        Path dir = Paths.get(System.getProperty("crash.dir", "bench/target/crash")).toAbsolutePath();
        deleteRecursively(dir);
        CrashHarness harness = new CrashHarness(mails, kills, clients, window, seed, dir);
        System.out.printf("[crash] %d mails from %d SMTP clients, %d SIGKILLs, release window %d ms, operators %s, seed %d, folder %s%n",
            mails, clients, kills, window, OPERATORS, seed, dir);
        boolean ok = harness.run();
        System.exit(ok ? 0 : 1);
    }

    private boolean run() throws Exception {
        Instant start = Instant.now();
        startChild();
        List<Thread> threads = new ArrayList<>();
        for (String operator : OPERATORS) {
            readTimes.put(operator, Collections.synchronizedList(new ArrayList<>()));
            threads.add(thread("operator-" + operator, () -> operate(operator)));
        }
        List<Thread> senders = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            senders.add(thread("smtp-" + client, this::send));
        }
        threads.addAll(senders);
        threads.forEach(Thread::start);

        // kill points: random moments while mail flows both ways, i.e. once the operators of this
        // James have read a random number (10 to 60) of mails, then after a random 0 to 1.5 s
        for (int k = 0; k < kills; k++) {
            int readBefore = readCount();
            int threshold = 10 + random.nextInt(51);
            long giveUp = System.currentTimeMillis() + 60_000;
            while (readCount() - readBefore < threshold && System.currentTimeMillis() < giveUp) {
                Thread.sleep(20);
            }
            Thread.sleep(random.nextInt(1500));
            kill(k + 1);
            startChild();
            finishedAtStart.add(finishedAtStart());
        }
        for (Thread sender : senders) {
            sender.join();
        }
        Duration sending = Duration.between(start, Instant.now());
        System.out.printf("[crash] all %d mails offered in %d s; waiting for the queue and the INBOXes to drain%n", mails,
            sending.toSeconds());

        long parkedAtEnd = waitForDrain(Duration.ofMinutes(10));
        finished = true;
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        Map<String, List<Released>> releases = releases();
        stopChild();
        return report(Duration.between(start, Instant.now()), parkedAtEnd, releases);
    }

    // ------------------------------------------------------------------ the child James

    private void startChild() throws Exception {
        int thisGeneration = generation.incrementAndGet();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xms512m", "-Xmx1g", "-Duser.timezone=UTC",
            "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", "bench/src/main/resources/logback-bench.xml"),
            "-Dbench.log=" + jamesLog,
            "-Dmailplex.test.releaseWindowMillis=" + window,
            "-Dmailplex.conf.dir=" + System.getProperty("mailplex.conf.dir", "james-conf/conf"),
            "-cp", System.getProperty("java.class.path"),
            CrashChild.class.getName(), workingDirectory.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        child = process;
        Instant launched = Instant.now();
        CountDownReady ready = new CountDownReady();
        Thread reader = thread("child-" + thisGeneration + "-output", () -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    childOutput.println("[" + thisGeneration + "] " + line);
                    Matcher matcher = READY.matcher(line);
                    if (matcher.find()) {
                        ready.set(new Endpoint(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                            Integer.parseInt(matcher.group(3)), thisGeneration), Long.parseLong(matcher.group(4)));
                    }
                }
            }
        });
        reader.setDaemon(true);
        reader.start();
        Endpoint up = ready.await(Duration.ofMinutes(2), process);
        endpoint.set(up);
        System.out.printf("[crash] James #%d (pid %d) up in %d ms with %d mail(s) parked%n", thisGeneration, process.pid(),
            Duration.between(launched, Instant.now()).toMillis(), ready.parked);
    }

    private void kill(int number) throws Exception {
        Process process = child;
        endpoint.set(null);
        new ProcessBuilder("kill", "-KILL", String.valueOf(process.pid())).inheritIO().start().waitFor();
        process.waitFor();
        // the moment it is known dead: every release it logged happened before this
        Instant killedAt = Instant.now();
        String line = String.format("kill %d: SIGKILL to pid %d with %d accepted, %d read; exit status %d", number, process.pid(),
            accepted.size(), readCount(), process.exitValue());
        killLog.add(line);
        killTimes.add(killedAt);
        System.out.println("[crash] " + line);
    }

    private void stopChild() throws InterruptedException {
        Process process = child;
        endpoint.set(null);
        process.destroy();
        process.waitFor();
    }

    private static final class CountDownReady {
        private Endpoint endpoint;
        private long parked;

        synchronized void set(Endpoint endpoint, long parked) {
            this.endpoint = endpoint;
            this.parked = parked;
            notifyAll();
        }

        synchronized Endpoint await(Duration timeout, Process process) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (endpoint == null) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("James child exited with " + process.exitValue() + " before it was ready: see child.out");
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new IllegalStateException("James child not ready after " + timeout);
                }
                wait(Math.min(left, 500));
            }
            return endpoint;
        }
    }

    /** The James to talk to: the current one once it is up (the harness clears it before each kill). */
    private Endpoint awaitEndpoint() throws InterruptedException {
        while (true) {
            Endpoint current = endpoint.get();
            if (current != null) {
                return current;
            }
            Thread.sleep(50);
        }
    }

    // ------------------------------------------------------------------ customers

    private void send() throws Exception {
        Random pace = new Random(random.nextLong());
        Endpoint server = awaitEndpoint();
        SmtpClient.Connection smtp = null;
        int number;
        while ((number = nextMail.getAndIncrement()) < mails) {
            String messageId = "<crash-" + number + "@harness.example>";
            try {
                if (smtp == null) {
                    smtp = new SmtpClient("127.0.0.1", server.smtp).withTimeouts(CONNECT_TIMEOUT, READ_TIMEOUT).connect();
                }
                String customer = "customer" + (number % 50) + "@example.org";
                String raw = "From: " + customer + "\r\n"
                    + "To: " + PLEX + "\r\n"
                    + "Subject: crash " + number + "\r\n"
                    + "Message-ID: " + messageId + "\r\n"
                    + "MIME-Version: 1.0\r\n"
                    + "Content-Type: text/plain; charset=US-ASCII\r\n"
                    + "\r\n"
                    + "Mail " + number + " of the crash harness.\r\n";
                smtp.send(customer, List.of(PLEX), raw.getBytes(StandardCharsets.US_ASCII));
                accepted.put(messageId, Instant.now());
            } catch (IOException | RuntimeException e) {
                // no 250 for this one: not accepted, never offered again under this Message-ID
                if (unacknowledged.add(messageId) && unacknowledged.size() <= 3) {
                    System.out.printf("[crash] %s not accepted: %s%n", messageId, e);
                }
                closeQuietly(smtp);
                smtp = null;
                Thread.sleep(100);
                server = awaitEndpoint();
            }
            Thread.sleep(pace.nextInt(40));
        }
        closeQuietly(smtp);
    }

    // ------------------------------------------------------------------ operators

    private void operate(String operator) throws Exception {
        Random pace = new Random(random.nextLong());
        Endpoint server = awaitEndpoint();
        ImapClient.Connection imap = null;
        while (!finished) {
            try {
                Endpoint current = endpoint.get();
                if (current != null && current.generation != server.generation) {
                    closeQuietly(imap);
                    imap = null;
                    server = current;
                }
                if (imap == null) {
                    imap = new ImapClient("127.0.0.1", server.imap, operator, PASSWORD).withTimeouts(CONNECT_TIMEOUT, READ_TIMEOUT).connect();
                }
                imap.take(raw -> {
                    String id = ImapClient.header(raw, "Message-ID").map(String::trim).orElse("none");
                    // recorded as read the moment the client has it, before it deletes it
                    read.computeIfAbsent(id, any -> Collections.synchronizedList(new ArrayList<>())).add(operator);
                    readTimes.get(operator).add(Instant.now());
                    String ticket = ImapClient.header(raw, "X-MailPlex-Ticket").map(String::trim).orElse("-");
                    readLog.println(Instant.now() + " " + operator + " " + id + " " + ticket);
                });
            } catch (IOException | RuntimeException e) {
                if (operatorErrors.incrementAndGet() <= 3) {
                    System.out.printf("[crash] %s: IMAP session lost (%s); reconnecting%n", operator, e);
                }
                closeQuietly(imap);
                imap = null;
                Thread.sleep(100);
                server = awaitEndpoint();
            }
            // an operator answers a mail in 0 to 150 ms
            Thread.sleep(pace.nextInt(150));
        }
        closeQuietly(imap);
    }

    // ------------------------------------------------------------------ end and accounting

    private long waitForDrain(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        int lastRead = -1;
        long stableSince = System.currentTimeMillis();
        long depth = -1;
        while (System.currentTimeMillis() < deadline) {
            Endpoint server = awaitEndpoint();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.webadmin + "/mailplex"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher matcher = QUEUE_DEPTH.matcher(response.body());
            depth = matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
            int nowRead = readCount();
            if (nowRead != lastRead) {
                lastRead = nowRead;
                stableSince = System.currentTimeMillis();
            }
            if (depth == 0 && System.currentTimeMillis() - stableSince > 5_000) {
                return 0;
            }
            Thread.sleep(500);
        }
        return depth;
    }

    private int readCount() {
        return read.values().stream().mapToInt(List::size).sum();
    }

    /** MailPlex's count, from {@code /metrics}, of releases it finished at this start. */
    private int finishedAtStart() throws Exception {
        Matcher matcher = FINISHED_AT_START.matcher(get("/metrics"));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private String get(String path) throws Exception {
        Endpoint server = awaitEndpoint();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.webadmin + path)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** One release from MailPlex's history. */
    private static final class Released {
        final String operator;
        final Instant at;

        Released(String operator, Instant at) {
            this.operator = operator;
            this.at = at;
        }
    }

    /** MailPlex's release history over every generation, per Message-ID. */
    private Map<String, List<Released>> releases() throws Exception {
        Map<String, List<Released>> releases = new HashMap<>();
        for (JsonNode release : new ObjectMapper().readTree(get("/mailplex/" + PLEX + "/releases"))) {
            releases.computeIfAbsent(release.path("messageId").asText("none"), any -> new ArrayList<>())
                .add(new Released(release.path("operator").asText(), Instant.parse(release.path("releasedAt").asText())));
        }
        return releases;
    }

    private boolean report(Duration took, long parkedAtEnd, Map<String, List<Released>> releases) throws IOException {
        int once = 0;
        int readTwice = 0;
        List<String> releasedTwice = new ArrayList<>();
        List<String> lostInSpool = new ArrayList<>();
        List<String> lostInMailbox = new ArrayList<>();
        List<String> lostByMailPlex = new ArrayList<>();
        List<String> vanished = new ArrayList<>();
        for (Map.Entry<String, Instant> mail : accepted.entrySet()) {
            String id = mail.getKey();
            List<Released> released = releases.getOrDefault(id, List.of());
            if (released.size() > 1) {
                releasedTwice.add(id);
            }
            int copies = read.getOrDefault(id, List.of()).size();
            if (copies == 1) {
                once++;
            } else if (copies > 1) {
                readTwice++;
            } else if (released.isEmpty()) {
                Instant nextKill = killTimes.stream().filter(kill -> kill.isAfter(mail.getValue())).findFirst().orElse(Instant.MAX);
                if (Duration.between(mail.getValue(), nextKill).toMillis() < SPOOL_GRACE_MILLIS) {
                    lostInSpool.add(id);
                } else {
                    lostByMailPlex.add(id);
                }
            } else {
                // a memory-app loss only if the mail sat unread in the operator's mailbox until a kill:
                // the operator read nothing between the release and the next kill
                Released last = released.get(released.size() - 1);
                Instant nextKill = killTimes.stream().filter(kill -> kill.isAfter(last.at)).findFirst().orElse(Instant.MAX);
                boolean readMeanwhile = readTimes.get(last.operator).stream()
                    .anyMatch(at -> at.isAfter(last.at.plusMillis(1)) && at.isBefore(nextKill));
                if (readMeanwhile) {
                    vanished.add(id + " (to " + last.operator + " at " + last.at + ")");
                } else {
                    lostInMailbox.add(id);
                }
            }
        }
        long unacknowledgedRead = unacknowledged.stream().filter(read::containsKey).count();
        Set<String> strangers = new TreeMap<String, Object>(read).keySet().stream()
            .filter(id -> !accepted.containsKey(id) && !unacknowledged.contains(id)).collect(Collectors.toSet());
        int inWindow = finishedAtStart.stream().mapToInt(Integer::intValue).sum();
        int lost = lostInSpool.size() + lostInMailbox.size() + lostByMailPlex.size() + vanished.size();
        // a run where the kills did not happen or most mail was refused proves nothing
        boolean meaningful = killLog.size() == kills && accepted.size() >= mails * 9 / 10 && (window == 0 || inWindow >= kills * 2 / 3);
        boolean ok = meaningful && lostByMailPlex.isEmpty() && vanished.isEmpty() && releasedTwice.isEmpty() && parkedAtEnd == 0;

        List<String> out = new ArrayList<>();
        out.add("=== MailPlex crash harness");
        out.add(String.format("mails offered %d, SMTP clients %d, operators %d, SIGKILLs %d, run %d s", mails, clients, OPERATORS.size(),
            killLog.size(), took.toSeconds()));
        killLog.forEach(line -> out.add("  " + line));
        out.add(String.format("accepted (250 to DATA)        %5d", accepted.size()));
        out.add(String.format("  delivered exactly once      %5d", once));
        out.add(String.format("  released twice by MailPlex  %5d (goal 0)", releasedTwice.size()));
        out.add(String.format("  read twice by an operator   %5d (one release shown twice by James's IMAP view)", readTwice));
        out.add(String.format("kills that landed between delivery and queue removal, finished at the next start: %d of %d (%s)",
            inWindow, killLog.size(), finishedAtStart));
        out.add(String.format("  still parked at the end     %5d", parkedAtEnd));
        out.add(String.format("  lost                        %5d", lost));
        out.add(String.format("    by MailPlex (accepted > %d ms before a kill, never released) %5d", SPOOL_GRACE_MILLIS, lostByMailPlex.size()));
        out.add(String.format("    memory app: in James's RAM spool at a kill, never released %5d", lostInSpool.size()));
        out.add(String.format("    memory app: released into a RAM mailbox, unread %5d", lostInMailbox.size()));
        out.add(String.format("    unexplained (released, operator read later)     %5d", vanished.size()));
        out.add(String.format("no 250 (connection cut by a kill)  %5d, of which read anyway %d", unacknowledged.size(), unacknowledgedRead));
        out.add(String.format("read but never offered             %5d", strangers.size()));
        if (!strangers.isEmpty()) {
            out.add("read but never offered: " + strangers);
        }
        if (!vanished.isEmpty()) {
            out.add("unexplained: " + vanished);
        }
        if (!releasedTwice.isEmpty()) {
            out.add("released twice: " + releasedTwice);
        }
        if (!lostByMailPlex.isEmpty()) {
            out.add("MailPlex lost: " + lostByMailPlex);
        }
        if (!lostInSpool.isEmpty() || !lostInMailbox.isEmpty()) {
            out.add("memory-app losses: spool " + lostInSpool + " mailbox " + lostInMailbox);
        }
        if (!meaningful) {
            out.add(String.format("NOT MEANINGFUL: %d of %d kills done, %d of %d mails accepted (need 90%%), %d kills in the release window "
                + "(need 2 in 3 when crash.window is set)", killLog.size(), kills, accepted.size(), mails, inWindow));
        }
        out.add(ok ? "RESULT: PASS (0 lost by MailPlex, 0 released twice, queue empty)"
            : "RESULT: FAIL");
        out.forEach(System.out::println);
        Files.write(dir.resolve("report.txt"), out, StandardCharsets.UTF_8);
        return ok;
    }

    // ------------------------------------------------------------------ plumbing

    private interface Body {
        void run() throws Exception;
    }

    private static Thread thread(String name, Body body) {
        return new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                throw new IllegalStateException(name + " failed", e);
            }
        }, name);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // the server is gone
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : walk.sorted(Collections.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(each);
            }
        }
    }
}
