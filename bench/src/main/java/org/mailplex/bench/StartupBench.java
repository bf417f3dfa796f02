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
import static org.mailplex.it.MailPlexJames.PLEX;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.mailplex.it.ImapClient;
import org.mailplex.it.MailPlexJames;

/**
 * Start-up with N mails already parked in the shipped {@code file://} queue: how long until the
 * first release, and how much heap the parked mails cost. One JVM per run (bench/run.sh runs
 * it with N=1 and N=100000; heap per parked mail is the difference divided by N).
 *
 * <p>The memory app keeps users in RAM, so they only exist once {@code start()} has returned;
 * the release loop's first attempt at start finds no user and waits for the reconcile tick. This
 * run sets {@code reconcileInterval} to 100 ms so that artefact of the memory app costs at most
 * 100 ms; everything else is the shipped configuration.</p>
 *
 * <p>Usage: {@code StartupBench <parked> [working folder]}. Prints one line starting with
 * {@code STARTUP}.</p>
 */
public final class StartupBench {
    public static void main(String[] args) throws Exception {
        int parked = Integer.parseInt(args[0]);
        Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("mailplex-startup");
        MailPlexJames james = MailPlexJames.fromShippedConf(dir, content -> {
            String edited = content.replaceFirst("<reconcileInterval>[^<]*</reconcileInterval>", "<reconcileInterval>100ms</reconcileInterval>");
            if (edited.equals(content)) {
                throw new IllegalStateException("the shipped mailetcontainer.xml has no <reconcileInterval> to edit");
            }
            return edited;
        });
        long prefillMs = Prefill.park(dir, Prefill.plexQueue(), PLEX, parked);
        System.out.printf(Locale.ROOT, "[bench] startup: %d mails parked through FileMailRepository in %d ms%n", parked, prefillMs);
        gc();
        long start = System.nanoTime();
        james.start();
        long started = System.nanoTime();
        james.withDemoUsers();
        long usersReady = System.nanoTime();
        long firstRelease;
        try (ImapClient.Connection alice = james.imap(ALICE).connect();
             ImapClient.Connection bob = james.imap(BOB).connect()) {
            while (alice.statusMessages("INBOX") + bob.statusMessages("INBOX") == 0) {
                if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(5)) {
                    throw new IllegalStateException("no release within 5 minutes");
                }
                Thread.sleep(2);
            }
            firstRelease = System.nanoTime();
        }
        gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        if (parked >= 1000) {
            queuePages(james, parked);
        }
        long stillParked = james.parked();
        System.out.printf(Locale.ROOT,
            "STARTUP parked=%d start_ms=%d users_ms=%d first_release_ms=%d first_release_after_users_ms=%d heap_used_bytes=%d still_parked=%d%n",
            parked, ms(started - start), ms(usersReady - start), ms(firstRelease - start), ms(firstRelease - usersReady), heap,
            stillParked);
        if (Boolean.getBoolean("bench.histogram")) {
            System.out.println(ManagementFactory.getPlatformMBeanServer().invoke(
                new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {null}, new String[] {String[].class.getName()}).toString().lines().limit(25)
                .reduce("", (a, b) -> a + b + "\n"));
        }
        james.stop();
        System.exit(0);
    }

    /** GET /mailplex/{plex}/queue with a page of 100: at the head of the queue and deep inside it. */
    private static void queuePages(MailPlexJames james, int parked) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + james.webAdminPort() + "/mailplex/" + PLEX + "/queue?limit=100";
        String deep = base + "&offset=" + (parked / 2);
        for (int i = 0; i < 10; i++) {
            page(http, base);
            page(http, deep);
        }
        long[] head = new long[30];
        long[] middle = new long[30];
        for (int i = 0; i < head.length; i++) {
            head[i] = page(http, base);
            middle[i] = page(http, deep);
        }
        Arrays.sort(head);
        Arrays.sort(middle);
        System.out.printf(Locale.ROOT, "QUEUE_PAGE parked=%d limit=100 head_p50_ms=%.1f head_max_ms=%.1f offset_%d_p50_ms=%.1f offset_%d_max_ms=%.1f%n",
            parked, head[head.length / 2] / 1e6, head[head.length - 1] / 1e6, parked / 2, middle[middle.length / 2] / 1e6, parked / 2,
            middle[middle.length - 1] / 1e6);
    }

    private static long page(HttpClient http, String url) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - start;
        if (response.statusCode() != 200 || !response.body().startsWith("[{")) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return took;
    }

    private static void gc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
