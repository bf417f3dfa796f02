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

import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplex.cassandra.CassandraLeaseStore;
import org.mailplex.core.LeaseRecord;
import org.mailplex.core.LeaseTimings;
import org.mailplex.core.PlexLease;

import com.datastax.oss.driver.api.core.CqlSession;

/**
 * {@link CassandraLeaseStore} against a real Cassandra 5.0 in a JVM of its own: the lightweight
 * transactions, the TTL, the epoch that outlives the holder, the fence, and a takeover on the
 * default timings, timed.
 */
class CassandraLeaseStoreIT {
    private static CassandraServer cassandra;
    private static CqlSession session;
    private static CassandraLeaseStore store;

    @BeforeAll
    static void startCassandra() throws Exception {
        cassandra = CassandraServer.start(Paths.get(System.getProperty("multinode.dir", "target/multinode"), "cassandra-lease"),
            Duration.ofSeconds(120));
        System.out.println("[multinode] Cassandra answered CQL after " + cassandra.startedIn().toMillis() + " ms");
        session = cassandra.session();
        store = new CassandraLeaseStore(session);
    }

    @AfterAll
    static void stopCassandra() throws Exception {
        if (session != null) {
            session.close();
        }
        if (cassandra != null) {
            cassandra.close();
        }
    }

    private static String newPlex() {
        return "help-" + UUID.randomUUID() + "@911.gov";
    }

    @Test
    void theStoreTakesRenewsAndGivesUpWithConditionalWrites() {
        String plex = newPlex();
        assertThat(store.read(plex)).isEqualTo(LeaseRecord.NEVER_HELD);

        assertThat(store.acquire(plex, "a", 0, Duration.ofSeconds(30))).isTrue();
        assertThat(store.acquire(plex, "b", 0, Duration.ofSeconds(30))).isFalse();
        assertThat(store.acquire(plex, "b", 1, Duration.ofSeconds(30))).isFalse();
        assertThat(store.read(plex).holder()).contains("a");
        assertThat(store.read(plex).epoch()).isEqualTo(1);

        assertThat(store.renew(plex, "a", 1, Duration.ofSeconds(30))).isTrue();
        assertThat(store.renew(plex, "b", 1, Duration.ofSeconds(30))).isFalse();
        assertThat(store.renew(plex, "a", 2, Duration.ofSeconds(30))).isFalse();

        store.giveUp(plex, "b", 1);
        assertThat(store.read(plex).holder()).contains("a");
        store.giveUp(plex, "a", 1);
        assertThat(store.read(plex).holder()).isEmpty();
        assertThat(store.read(plex).epoch()).isEqualTo(1);

        assertThat(store.acquire(plex, "b", 1, Duration.ofSeconds(30))).isTrue();
        assertThat(store.read(plex).epoch()).isEqualTo(2);
        assertThat(store.renew(plex, "a", 1, Duration.ofSeconds(30))).isFalse();
    }

    @Test
    void theHolderExpiresWithItsTtlAndTheEpochStays() throws Exception {
        String plex = newPlex();
        assertThat(store.acquire(plex, "a", 0, Duration.ofSeconds(1))).isTrue();
        Thread.sleep(2_100);
        LeaseRecord expired = store.read(plex);
        assertThat(expired.holder()).isEmpty();
        assertThat(expired.epoch()).isEqualTo(1);
        assertThat(store.renew(plex, "a", 1, Duration.ofSeconds(1))).isFalse();
        assertThat(store.acquire(plex, "b", 1, Duration.ofSeconds(30))).isTrue();
        assertThat(store.read(plex).epoch()).isEqualTo(2);
    }

    @Test
    void theFenceAdmitsOnlyTheHolderAtItsEpochAndKeepsTheLastReleases() {
        String plex = newPlex();
        store.acquire(plex, "a", 0, Duration.ofSeconds(30));
        for (int i = 0; i < 20; i++) {
            assertThat(store.fence(plex, "a", 1, "key-" + i, "alice@911.gov")).isTrue();
        }
        assertThat(store.fence(plex, "b", 1, "key-x", "bob@911.gov")).isFalse();
        assertThat(store.fence(plex, "a", 2, "key-y", "bob@911.gov")).isFalse();

        Map<String, String> inFlight = store.inFlight(plex);
        assertThat(inFlight).hasSize(16).containsEntry("key-19", "alice@911.gov").doesNotContainKeys("key-x", "key-y");
    }

    @Test
    void ofNodesRacingForAFreeLeaseExactlyOneWins() throws Exception {
        for (int round = 0; round < 10; round++) {
            String plex = newPlex();
            int nodes = 6;
            ExecutorService pool = Executors.newFixedThreadPool(nodes);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<PlexLease.Change>> changes = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                PlexLease lease = new PlexLease(plex, "node-" + n, store, LeaseTimings.DEFAULT, Clock.systemUTC());
                changes.add(pool.submit(() -> {
                    go.await();
                    return lease.step();
                }));
            }
            go.countDown();
            int acquired = 0;
            for (Future<PlexLease.Change> change : changes) {
                acquired += change.get() == PlexLease.Change.ACQUIRED ? 1 : 0;
            }
            pool.shutdown();
            assertThat(acquired).isEqualTo(1);
            assertThat(store.read(plex).epoch()).isEqualTo(1);
        }
    }

    @Test
    void aDeadHolderIsReplacedWithinTheDocumentedBound() throws Exception {
        String plex = newPlex();
        LeaseTimings timings = LeaseTimings.DEFAULT;
        PlexLease a = new PlexLease(plex, "node-a", store, timings, Clock.systemUTC());
        PlexLease b = new PlexLease(plex, "node-b", store, timings, Clock.systemUTC());
        assertThat(a.step()).isEqualTo(PlexLease.Change.ACQUIRED);
        assertThat(b.step()).isEqualTo(PlexLease.Change.FOLLOWING);
        Thread.sleep(timings.renewEvery().toMillis());
        assertThat(a.step()).isEqualTo(PlexLease.Change.RENEWED);
        long died = System.nanoTime();
        // node a dies here: it renews no more and gives nothing up
        PlexLease.Change change;
        do {
            Thread.sleep(timings.renewEvery().toMillis());
            change = b.step();
        } while (change != PlexLease.Change.ACQUIRED);
        Duration takeover = Duration.ofNanos(System.nanoTime() - died);
        System.out.println("[multinode] lease takeover after the holder died: " + takeover.toMillis() + " ms (bound "
            + timings.takeoverBound().toMillis() + " ms)");
        assertThat(takeover).isLessThan(Duration.ofSeconds(10));
        assertThat(b.epoch()).isEqualTo(OptionalLong.of(2));
        assertThat(a.fence("key-1", "alice@911.gov")).isFalse();
        assertThat(a.step()).isEqualTo(PlexLease.Change.LOST);
    }

    @Test
    void fenceLatency() {
        String plex = newPlex();
        PlexLease lease = new PlexLease(plex, "node-a", store, LeaseTimings.DEFAULT, Clock.systemUTC());
        lease.step();
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long start = System.nanoTime();
            assertThat(lease.fence("key-" + i, "alice@911.gov")).isTrue();
            micros.add((System.nanoTime() - start) / 1000);
        }
        Collections.sort(micros);
        List<Long> measured = micros.subList(0, micros.size());
        System.out.println("[multinode] fence LWT latency over 300 releases: p50 " + measured.get(150) / 1000.0 + " ms, p99 "
            + measured.get(297) / 1000.0 + " ms, max " + measured.get(299) / 1000.0 + " ms");
    }
}
