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
import java.util.OptionalLong;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplex.cassandra.CassandraLeaseStore;
import org.mailplex.core.LeaseStore;
import org.mailplex.core.LeaseStoreContract;
import org.mailplex.core.LeaseTimings;
import org.mailplex.core.PlexLease;

import com.datastax.oss.driver.api.core.CqlSession;

/**
 * {@link CassandraLeaseStore} against a real Cassandra 5.0 in a JVM of its own: the lightweight
 * transactions, the TTL, the epoch that outlives the holder, the fence, and a takeover on the
 * default timings, timed.
 */
class CassandraLeaseStoreIT implements LeaseStoreContract {
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

    @Override
    public LeaseStore store() {
        return store;
    }

    /** Cassandra's TTL runs on real time: the contract waits for it. */
    @Override
    public void letPass(Duration ttl) {
    }

    private static String newPlex() {
        return "help-" + UUID.randomUUID() + "@911.gov";
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
    void fenceShouldTakeOneRoundTripNotASecond() {
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
        // one LWT on loopback: measured p99 7.5 ms on this 2-core machine; ten times that is a fault, not noise
        assertThat(measured.get(297)).as("fence p99 in microseconds").isLessThan(75_000L);
    }
}
