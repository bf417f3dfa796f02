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

import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.BOB;
import static org.mailplex.it.MailPlexJames.CAROL;
import static org.mailplex.it.MailPlexJames.DOMAIN;
import static org.mailplex.it.MailPlexJames.PASSWORD;
import static org.mailplex.it.MailPlexJames.PLEX;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.james.utils.DataProbeImpl;
import org.mailplex.it.ImapClient;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.SmtpClient;

/**
 * Issue 5 on a real James booted from the shipped configuration: release latency, intake ratio,
 * release latency again while SMTP senders push mail at the plex (issue 19), then (on a second
 * James whose roster is 50 operators) drain throughput. Prints one summary.
 *
 * <p>System properties: {@code bench.releases} (200), {@code bench.warmupReleases} (20),
 * {@code bench.intake} (mails per measured intake round, 500), {@code bench.smtpThreads} (4, also the senders
 * of the intake load), {@code bench.loadRate} (mails/s the senders push during the loaded latency run, 280),
 * {@code bench.skipDrain} (true: no drain run),
 * {@code bench.drain} (mails parked for the drain, 3000), {@code bench.drainOperators} (50),
 * {@code bench.drainPollMs} (20), {@code bench.dir} (working folders; a temp folder by default).</p>
 */
public final class JamesBench {
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(180);

    private final List<String> summary = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path root = System.getProperty("bench.dir") == null
            ? Files.createTempDirectory("mailplex-bench")
            : Files.createDirectories(Path.of(System.getProperty("bench.dir")));
        JamesBench bench = new JamesBench();
        int status = 0;
        try {
            bench.latencyAndIntake(root.resolve("shipped"));
            if (!Boolean.getBoolean("bench.skipDrain")) {
                bench.drain(root.resolve("drain"));
            }
        } catch (Exception e) {
            e.printStackTrace();
            bench.summary.add("FAILED: " + e);
            status = 1;
        } finally {
            System.out.println();
            System.out.println("=== MailPlex James benchmark (bench/run.sh) ===");
            bench.summary.forEach(System.out::println);
        }
        // James's own threads would keep the JVM alive
        System.exit(status);
    }

    private void report(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        summary.add(line);
        System.out.println("[bench] " + line);
    }

    private static void log(String format, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
    }

    // ---------------------------------------------------------------- shipped configuration

    private void latencyAndIntake(Path dir) throws Exception {
        int releases = Integer.getInteger("bench.releases", 200);
        int warmup = Integer.getInteger("bench.warmupReleases", 20);
        int intake = Integer.getInteger("bench.intake", 500);
        int threads = Integer.getInteger("bench.smtpThreads", 4);

        long bootStart = System.nanoTime();
        MailPlexJames james = MailPlexJames.fromShippedConf(dir).start().withDemoUsers();
        log("James (shipped conf) started in %d ms, working folder %s", ms(System.nanoTime() - bootStart), dir);
        try {
            SmtpClient smtp = james.smtp();
            // Alice and Bob each get one mail and keep it: from now on every plex mail parks.
            smtp.send(Prefill.CUSTOMER, PLEX, "keeps alice busy");
            smtp.send(Prefill.CUSTOMER, PLEX, "keeps bob busy");
            try (ImapClient.Connection alice = imap(james, ALICE); ImapClient.Connection bob = imap(james, BOB);
                 ImapClient.Connection carol = imap(james, CAROL)) {
                awaitCount(() -> alice.statusMessages("INBOX") + bob.statusMessages("INBOX"), 2, "alice and bob busy");

                // ---- intake ratio
                byte[] raw = SmtpClient.message(Prefill.CUSTOMER, PLEX, "intake").getBytes(StandardCharsets.UTF_8);
                Counter parked = () -> james.parked();
                Counter carolInbox = () -> carol.statusMessages("INBOX");
                log("intake warm-up: 200 mails each to carol and to the plex");
                intakeRound(james, raw, CAROL, 200, threads, carolInbox);
                intakeRound(james, raw, PLEX, 200, threads, parked);
                double[] carolTotals = new double[3];
                double[] plexTotals = new double[3];
                for (int round = 0; round < 2; round++) {
                    add(carolTotals, intakeRound(james, raw, CAROL, intake, threads, carolInbox));
                    add(plexTotals, intakeRound(james, raw, PLEX, intake, threads, parked));
                }
                double carolAccepted = carolTotals[0] / carolTotals[1];
                double plexAccepted = plexTotals[0] / plexTotals[1];
                double carolDone = carolTotals[0] / carolTotals[2];
                double plexDone = plexTotals[0] / plexTotals[2];
                report("intake: %d mails x 2 rounds per target, %d SMTP connections, same bytes, envelope recipient differs",
                    intake, threads);
                report("intake: carol (local delivery) %.0f mails/s processed (in INBOX), %.0f mails/s accepted (SMTP 250)",
                    carolDone, carolAccepted);
                report("intake: plex  (parked)         %.0f mails/s processed (in queue), %.0f mails/s accepted (SMTP 250)",
                    plexDone, plexAccepted);
                report("intake ratio plex/carol: %.2f processed, %.2f accepted   (goal >= 0.90: %s)",
                    plexDone / carolDone, plexAccepted / carolAccepted, plexDone / carolDone >= 0.9 ? "MET" : "MISSED");

                // ---- release latency, no intake
                long queueBefore = james.parked();
                log("release latency: %d warm-up + %d measured releases to alice, %d mails parked, bob stays busy",
                    warmup, releases, queueBefore);
                if (queueBefore < 2 * (warmup + releases)) {
                    throw new IllegalStateException("not enough parked mail for the latency runs: " + queueBefore);
                }
                alice.select("INBOX");
                Latency idle = latency(alice, warmup, releases);
                report("release latency (EXPUNGE returned -> mail in INBOX, STATUS polling), n=%d, queue %d..%d parked:",
                    idle.stats.count(), queueBefore, james.parked());
                report("  p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, min %.1f ms, mean %.1f ms, %.1f STATUS polls/release",
                    idle.stats.percentileMs(50), idle.stats.percentileMs(95), idle.stats.percentileMs(99), idle.stats.maxMs(),
                    idle.stats.minMs(), idle.stats.meanMs(), idle.polls / (double) (warmup + releases));
                report("  goal p50 <= 50 ms: %s; p99 <= 250 ms: %s; event-driven (max %.0f ms << reconcile tick 5000 ms): %s",
                    idle.stats.percentileMs(50) <= 50 ? "MET" : "MISSED", idle.stats.percentileMs(99) <= 250 ? "MET" : "MISSED",
                    idle.stats.maxMs(), idle.stats.maxMs() < 2500 ? "YES" : "NO");

                // ---- release latency while intake runs flat out at the plex
                int loadRate = Integer.getInteger("bench.loadRate", 280);
                try (Load load = new Load(james, raw, threads, loadRate)) {
                    Thread.sleep(2_000);
                    long sentBefore = load.sent.get();
                    long loadStart = System.nanoTime();
                    Latency loaded = latency(alice, warmup, releases);
                    double rate = (load.sent.get() - sentBefore) / sec(System.nanoTime() - loadStart);
                    report("release latency under intake load (%d SMTP senders to the plex, %.0f mails/s accepted during the run), n=%d:",
                        threads, rate, loaded.stats.count());
                    report("  p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, mean %.1f ms", loaded.stats.percentileMs(50),
                        loaded.stats.percentileMs(95), loaded.stats.percentileMs(99), loaded.stats.maxMs(), loaded.stats.meanMs());
                    double ratio = loaded.stats.percentileMs(99) / idle.stats.percentileMs(99);
                    report("  p99 under load / p99 idle: %.1f / %.1f ms = %.2fx   (goal <= 2x: %s)", loaded.stats.percentileMs(99),
                        idle.stats.percentileMs(99), ratio, ratio <= 2 ? "MET" : "MISSED");
                }
            }
        } finally {
            james.stop();
        }
    }

    /** Latency samples and the STATUS polls they took. */
    private static final class Latency {
        final Stats stats;
        final long polls;

        Latency(Stats stats, long polls) {
            this.stats = stats;
            this.polls = polls;
        }
    }

    /**
     * Alice takes {@code warmup + releases} mails: each round waits until STATUS shows the mail
     * released to her (the sample: from her previous EXPUNGE returning to that moment), then takes
     * it (SELECT, STORE, EXPUNGE).
     */
    private static Latency latency(ImapClient.Connection alice, int warmup, int releases) throws Exception {
        long[] samples = new long[releases];
        long polls = 0;
        long expunged = -1;
        int taken = 0;
        while (taken <= warmup + releases) {
            while (alice.statusMessages("INBOX") == 0) {
                polls++;
                if (expunged > 0 && System.nanoTime() - expunged > TIMEOUT_NANOS) {
                    throw new IllegalStateException("no release within 180 s after release " + taken);
                }
            }
            long arrived = System.nanoTime();
            if (expunged > 0 && taken > warmup) {
                samples[taken - warmup - 1] = arrived - expunged;
            }
            expungeAll(alice);
            expunged = System.nanoTime();
            taken++;
        }
        return new Latency(new Stats(samples), polls);
    }

    /**
     * James 3.8.1's IMAP session now and then answers "Invalid messageset" to a STORE right after
     * a SELECT that showed the mail (see bench/RESULTS.md on its EXISTS glitch): select again and retry.
     */
    private static void expungeAll(ImapClient.Connection alice) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                alice.expungeAll();
                return;
            } catch (IOException e) {
                if (attempt == 10 || !e.getMessage().contains("Invalid messageset")) {
                    throw e;
                }
                log("IMAP refused (%s); selecting again", e.getMessage());
                Thread.sleep(5);
            }
        }
    }

    /** SMTP senders pushing mail at the plex at {@code rate} mails/s in all, until closed. */
    private static final class Load implements AutoCloseable {
        final AtomicLong sent = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService pool;
        private final List<Future<Void>> senders = new ArrayList<>();

        Load(MailPlexJames james, byte[] raw, int threads, int rate) throws Exception {
            pool = Executors.newFixedThreadPool(threads);
            long interval = TimeUnit.SECONDS.toNanos(1) * threads / rate;
            for (int t = 0; t < threads; t++) {
                SmtpClient.Connection session = james.smtp().connect();
                senders.add(pool.submit((Callable<Void>) () -> {
                    try {
                        long next = System.nanoTime();
                        while (running.get()) {
                            session.send(Prefill.CUSTOMER, List.of(PLEX), raw);
                            sent.incrementAndGet();
                            next += interval;
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            }
                        }
                    } finally {
                        session.close();
                    }
                    return null;
                }));
            }
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            for (Future<Void> sender : senders) {
                sender.get(60, TimeUnit.SECONDS);
            }
            pool.shutdownNow();
        }
    }

    private interface Counter {
        long get() throws Exception;
    }

    private static void add(double[] totals, double[] round) {
        for (int i = 0; i < totals.length; i++) {
            totals[i] += round[i];
        }
    }

    /** Returns {mails, seconds until every 250, seconds until every mail processed}. */
    private static double[] intakeRound(MailPlexJames james, byte[] raw, String recipient, int mails, int threads,
                                        Counter processed) throws Exception {
        long base = processed.get();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<SmtpClient.Connection> sessions = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                sessions.add(james.smtp().connect());
            }
            long start = System.nanoTime();
            List<Future<Void>> sent = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SmtpClient.Connection session = sessions.get(t);
                int share = mails / threads + (t < mails % threads ? 1 : 0);
                List<String> recipients = List.of(recipient);
                sent.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < share; i++) {
                        session.send(Prefill.CUSTOMER, recipients, raw);
                    }
                    return null;
                }));
            }
            for (Future<Void> future : sent) {
                future.get(180, TimeUnit.SECONDS);
            }
            long accepted = System.nanoTime();
            while (processed.get() < base + mails) {
                if (System.nanoTime() - start > TIMEOUT_NANOS) {
                    throw new IllegalStateException("only " + (processed.get() - base) + " of " + mails + " processed for " + recipient);
                }
                Thread.sleep(2);
            }
            long done = System.nanoTime();
            log("intake %-22s %4d mails: accepted in %5d ms (%.0f/s), processed in %5d ms (%.0f/s)", recipient, mails,
                ms(accepted - start), mails / sec(accepted - start), ms(done - start), mails / sec(done - start));
            return new double[] {mails, sec(accepted - start), sec(done - start)};
        } finally {
            sessions.forEach(SmtpClient.Connection::close);
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- 50 operators

    private void drain(Path dir) throws Exception {
        int operatorCount = Integer.getInteger("bench.drainOperators", 50);
        int mails = Integer.getInteger("bench.drain", 3000);
        long pollMs = Long.getLong("bench.drainPollMs", 20);
        List<String> operators = IntStream.range(0, operatorCount)
            .mapToObj(i -> String.format(Locale.ROOT, "op%02d@%s", i, DOMAIN))
            .collect(Collectors.toList());
        String roster = "<operators>" + String.join(", ", operators) + "</operators>";
        MailPlexJames james = MailPlexJames.fromShippedConf(dir, content -> {
            String edited = content.replaceFirst("<operators>[^<]*</operators>", roster);
            if (edited.equals(content)) {
                throw new IllegalStateException("the shipped mailetcontainer.xml has no <operators> to edit");
            }
            return edited;
        });
        long prefillMs = Prefill.park(dir, Prefill.plexQueue(), PLEX, mails);
        log("drain: %d mails parked through FileMailRepository before start in %d ms", mails, prefillMs);
        long bootStart = System.nanoTime();
        james.start().withDemoUsers();
        DataProbeImpl data = james.server().getProbe(DataProbeImpl.class);
        for (String operator : operators) {
            data.addUser(operator, PASSWORD);
        }
        log("James (%d operators) started in %d ms", operatorCount, ms(System.nanoTime() - bootStart));
        ExecutorService pool = Executors.newFixedThreadPool(operatorCount);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong drained = new AtomicLong();
        List<ImapClient.Connection> sessions = new ArrayList<>();
        try {
            // The memory app forgets users, so the first releases wait for the reconcile tick after
            // the users exist; the measured window starts once every operator holds one mail.
            awaitCount(() -> mails - james.parked(), operatorCount, "every operator holding one mail");
            for (String operator : operators) {
                ImapClient.Connection session = imap(james, operator);
                session.select("INBOX");
                sessions.add(session);
            }
            long start = System.nanoTime();
            List<Future<?>> drainers = new ArrayList<>();
            for (ImapClient.Connection session : sessions) {
                drainers.add(pool.submit((Callable<Void>) () -> {
                    while (!stop.get()) {
                        if (session.statusMessages("INBOX") > 0) {
                            session.expungeAll();
                            drained.incrementAndGet();
                        } else {
                            Thread.sleep(pollMs);
                        }
                    }
                    return null;
                }));
            }
            while (james.parked() > 0) {
                if (System.nanoTime() - start > TIMEOUT_NANOS) {
                    throw new IllegalStateException("drain did not finish: " + james.parked() + " still parked");
                }
                for (Future<?> drainer : drainers) {
                    if (drainer.isDone()) {
                        drainer.get();
                    }
                }
                Thread.sleep(5);
            }
            long end = System.nanoTime();
            int released = mails - operatorCount;
            report("drain: %d operators, %d mails released in %d ms from a file:// queue of %d: %.0f mails/s "
                    + "(operators expunge as soon as STATUS, polled every %d ms when empty, shows a mail)",
                operatorCount, released, ms(end - start), mails, released / sec(end - start), pollMs);
        } finally {
            stop.set(true);
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            sessions.forEach(ImapClient.Connection::close);
            james.stop();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ImapClient.Connection imap(MailPlexJames james, String user) throws Exception {
        return james.imap(user).connect();
    }

    private static void awaitCount(Counter counter, long expected, String what) throws Exception {
        long start = System.nanoTime();
        while (counter.get() < expected) {
            if (System.nanoTime() - start > TIMEOUT_NANOS) {
                throw new IllegalStateException("timed out waiting for " + what + ": " + counter.get() + " < " + expected);
            }
            Thread.sleep(10);
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static double sec(long nanos) {
        return nanos / 1e9;
    }
}
