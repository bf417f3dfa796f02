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

package org.mailplex.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/**
 * What every {@link LeaseStore} does, whatever keeps it: run against the memory store here and
 * against the Cassandra store (with a real Cassandra) in the {@code multinode} profile.
 */
public interface LeaseStoreContract {
    LeaseStore store();

    /** Lets {@code ttl} pass for the store (a moved clock, or real time). */
    void letPass(Duration ttl) throws Exception;

    private static String newPlex() {
        return "help-" + UUID.randomUUID() + "@911.gov";
    }

    @Test
    default void theStoreTakesRenewsAndGivesUpWithConditionalWrites() {
        LeaseStore store = store();
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
    default void theHolderExpiresWithItsTtlAndTheEpochStays() throws Exception {
        LeaseStore store = store();
        String plex = newPlex();
        assertThat(store.acquire(plex, "a", 0, Duration.ofSeconds(1))).isTrue();
        letPass(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.read(plex).holder().isEmpty());
        assertThat(store.read(plex).epoch()).isEqualTo(1);
        assertThat(store.renew(plex, "a", 1, Duration.ofSeconds(1))).isFalse();
        assertThat(store.acquire(plex, "b", 1, Duration.ofSeconds(30))).isTrue();
        assertThat(store.read(plex).epoch()).isEqualTo(2);
    }

    @Test
    default void theFenceAdmitsOnlyTheHolderAtItsEpochAndKeepsTheLastReleases() {
        LeaseStore store = store();
        String plex = newPlex();
        store.acquire(plex, "a", 0, Duration.ofSeconds(30));
        for (int i = 0; i < 20; i++) {
            assertThat(store.fence(plex, "a", 1, "key-" + i, "alice@911.gov")).isTrue();
        }
        assertThat(store.fence(plex, "b", 1, "key-x", "bob@911.gov")).isFalse();
        assertThat(store.fence(plex, "a", 2, "key-y", "bob@911.gov")).isFalse();

        Map<String, String> inFlight = store.inFlight(plex);
        assertThat(inFlight).hasSizeGreaterThanOrEqualTo(16).containsEntry("key-19", "alice@911.gov")
            .containsEntry("key-4", "alice@911.gov").doesNotContainKeys("key-x", "key-y");
    }

    @Test
    default void ofNodesRacingForAFreeLeaseExactlyOneWins() throws Exception {
        LeaseStore store = store();
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
    default void theLastParkMarkShouldBeTheLatestOfAnyNode() {
        String plex = newPlex();
        assertThat(store().lastParked(plex)).isEmpty();

        store().parked(plex, "key-1");
        store().parked(plex, "key-2");

        assertThat(store().lastParked(plex)).contains("key-2");
        assertThat(store().lastParked("other-" + plex)).isEmpty();
    }

    @Test
    default void theLastChangeMarkShouldBeTheLatestOfAnyNodeApartFromTheParkMark() {
        String plex = newPlex();
        assertThat(store().lastChanged(plex)).isEmpty();

        store().parked(plex, "key-1");
        store().changed(plex, "change-1");
        store().changed(plex, "change-2");

        assertThat(store().lastChanged(plex)).contains("change-2");
        assertThat(store().lastParked(plex)).contains("key-1");
        assertThat(store().lastChanged("other-" + plex)).isEmpty();
    }

    @Test
    default void aRequestShouldBeTakenOnceAnsweredAndNeverRunOnceCancelled() {
        String plex = newPlex();
        HolderRequest assign = new HolderRequest("r1", HolderRequest.ASSIGN, "key-1", "bob@911.gov");
        HolderRequest late = new HolderRequest("r2", HolderRequest.ASSIGN_STUCK, "key-2", "alice@911.gov");
        store().ask(plex, assign);
        store().ask(plex, late);

        assertThat(store().asked(plex)).containsExactlyInAnyOrder(assign, late);
        assertThat(store().take(plex, "r1")).isTrue();
        assertThat(store().take(plex, "r1")).isFalse();
        assertThat(store().cancel(plex, "r1")).isFalse();
        assertThat(store().answerTo(plex, "r1")).isEmpty();
        store().answer(plex, "r1", "DELIVERED");
        assertThat(store().answerTo(plex, "r1")).contains("DELIVERED");

        assertThat(store().cancel(plex, "r2")).isTrue();
        assertThat(store().take(plex, "r2")).isFalse();
        assertThat(store().asked(plex)).isEmpty();
        assertThat(store().asked("other-" + plex)).isEmpty();
    }
}
