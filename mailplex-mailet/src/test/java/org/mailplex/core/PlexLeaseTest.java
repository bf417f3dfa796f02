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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/**
 * The lease state machine of two nodes over one store, on hand-moved clocks: who releases, for how
 * long, and that a node that lost the lease is refused.
 */
class PlexLeaseTest {
    private static final String PLEX = "help@911.gov";
    private static final LeaseTimings TIMINGS = LeaseTimings.DEFAULT;
    private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

    private final MutableClock storeClock = new MutableClock(START);
    private final MutableClock clockA = new MutableClock(START);
    private final MutableClock clockB = new MutableClock(START);
    private final MemoryLeaseStore store = new MemoryLeaseStore(storeClock);
    private final PlexLease nodeA = new PlexLease(PLEX, "node-a", store, TIMINGS, clockA);
    private final PlexLease nodeB = new PlexLease(PLEX, "node-b", store, TIMINGS, clockB);

    private void advance(Duration duration) {
        storeClock.advance(duration);
        clockA.advance(duration);
        clockB.advance(duration);
    }

    @Test
    void theFirstNodeTakesEpochOneAndTheOtherFollows() {
        assertThat(nodeA.step()).isEqualTo(PlexLease.Change.ACQUIRED);
        assertThat(nodeB.step()).isEqualTo(PlexLease.Change.FOLLOWING);

        assertThat(nodeA.epoch()).isEqualTo(OptionalLong.of(1));
        assertThat(nodeA.holds(1)).isTrue();
        assertThat(nodeB.epoch()).isEmpty();
        assertThat(nodeB.status().holder()).contains("node-a");
        assertThat(nodeB.status().leader()).isFalse();
        assertThat(nodeA.status().leader()).isTrue();
    }

    @Test
    void theHolderKeepsTheLeaseAsLongAsItRenews() {
        nodeA.step();
        for (int i = 0; i < 100; i++) {
            advance(TIMINGS.renewEvery());
            assertThat(nodeA.step()).isEqualTo(PlexLease.Change.RENEWED);
            assertThat(nodeB.step()).isEqualTo(PlexLease.Change.FOLLOWING);
            assertThat(nodeA.holds(1)).isTrue();
        }
    }

    @Test
    void aDeadHolderIsReplacedWithinTtlPlusOneRenewalWithTheNextEpoch() {
        nodeA.step();
        nodeB.step();
        Duration waited = Duration.ZERO;
        while (nodeB.step() != PlexLease.Change.ACQUIRED) {
            advance(TIMINGS.renewEvery());
            waited = waited.plus(TIMINGS.renewEvery());
            assertThat(waited).isLessThanOrEqualTo(TIMINGS.takeoverBound());
        }
        assertThat(waited).isGreaterThanOrEqualTo(TIMINGS.ttl());
        assertThat(nodeB.epoch()).isEqualTo(OptionalLong.of(2));
        assertThat(TIMINGS.takeoverBound()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theHolderStopsTrustingItsLeaseBeforeTheStoreCanGiveItToAnother() {
        nodeA.step();
        advance(TIMINGS.ttl().minus(TIMINGS.margin()).minusMillis(1));
        assertThat(nodeA.holds(1)).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(nodeA.holds(1)).isFalse();
        assertThat(nodeA.fence("k1", "alice")).isFalse();
        assertThat(nodeB.step()).isEqualTo(PlexLease.Change.FOLLOWING);
    }

    @Test
    void aPausedHolderCannotReleaseAfterAnotherTookOver() {
        nodeA.step();
        // node A freezes (a long GC pause): its clock stands still, the world moves on
        storeClock.advance(TIMINGS.ttl());
        clockB.advance(TIMINGS.ttl());
        assertThat(nodeB.step()).isEqualTo(PlexLease.Change.ACQUIRED);

        assertThat(nodeA.holds(1)).isTrue();
        assertThat(nodeA.fence("k1", "alice")).isFalse();
        assertThat(nodeA.holds(1)).isFalse();
        assertThat(nodeA.step()).isEqualTo(PlexLease.Change.FOLLOWING);
        assertThat(nodeA.status().holder()).contains("node-b");
        assertThat(nodeA.status().epoch()).isEqualTo(2);
        assertThat(store.inFlight(PLEX)).doesNotContainKey("k1");
    }

    @Test
    void aHolderWhoseRenewalIsRefusedLosesTheLease() {
        nodeA.step();
        storeClock.advance(TIMINGS.ttl());
        clockB.advance(TIMINGS.ttl());
        nodeB.step();

        assertThat(nodeA.step()).isEqualTo(PlexLease.Change.LOST);
        assertThat(nodeA.epoch()).isEmpty();
        assertThat(nodeA.step()).isEqualTo(PlexLease.Change.FOLLOWING);
    }

    @Test
    void theFenceRecordsEachReleaseUnderTheHoldersEpoch() {
        nodeA.step();
        assertThat(nodeA.fence("k1", "alice")).isTrue();
        assertThat(nodeA.fence("k2", "bob")).isTrue();
        assertThat(nodeB.fence("k3", "bob")).isFalse();

        assertThat(store.inFlight(PLEX)).isEqualTo(Map.of("k1", "alice", "k2", "bob"));
    }

    @Test
    void aCleanStopHandsTheLeaseOverAtOnce() {
        nodeA.step();
        nodeA.giveUp();
        assertThat(nodeA.epoch()).isEmpty();
        assertThat(nodeB.step()).isEqualTo(PlexLease.Change.ACQUIRED);
        assertThat(nodeB.epoch()).isEqualTo(OptionalLong.of(2));
    }

    @Test
    void anUnreachableStoreLetsTheLeaseLapseAndARenewalAfterwardsKeepsTheEpoch() {
        FlakyStore flaky = new FlakyStore(store);
        PlexLease lease = new PlexLease(PLEX, "node-a", flaky, TIMINGS, clockA);
        lease.step();
        flaky.down = true;
        advance(TIMINGS.renewEvery());
        assertThat(lease.step()).isEqualTo(PlexLease.Change.UNREACHABLE);
        assertThat(lease.holds(1)).isTrue();
        advance(TIMINGS.renewEvery().multipliedBy(2));
        assertThat(lease.holds(1)).isFalse();
        assertThat(lease.fence("k1", "alice")).isFalse();

        flaky.down = false;
        storeClock.advance(Duration.ofMillis(-TIMINGS.renewEvery().toMillis() * 2));
        assertThat(lease.step()).isEqualTo(PlexLease.Change.RENEWED);
        assertThat(lease.holds(1)).isTrue();
    }

    @Test
    void timingsRefuseALeaseThatCannotBeRenewedInTime() {
        assertThatThrownBy(() -> new LeaseTimings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LeaseTimings(Duration.ofMillis(1500), Duration.ofMillis(100), Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
    }

    /** A store that can be cut off. */
    private static final class FlakyStore implements LeaseStore {
        private final LeaseStore store;
        private volatile boolean down;

        FlakyStore(LeaseStore store) {
            this.store = store;
        }

        private void check() {
            if (down) {
                throw new IllegalStateException("store unreachable");
            }
        }

        @Override
        public LeaseRecord read(String plex) {
            check();
            return store.read(plex);
        }

        @Override
        public boolean acquire(String plex, String node, long seenEpoch, Duration ttl) {
            check();
            return store.acquire(plex, node, seenEpoch, ttl);
        }

        @Override
        public boolean renew(String plex, String node, long epoch, Duration ttl) {
            check();
            return store.renew(plex, node, epoch, ttl);
        }

        @Override
        public void giveUp(String plex, String node, long epoch) {
            check();
            store.giveUp(plex, node, epoch);
        }

        @Override
        public boolean fence(String plex, String node, long epoch, String key, String operator) {
            check();
            return store.fence(plex, node, epoch, key, operator);
        }

        @Override
        public Map<String, String> inFlight(String plex) {
            check();
            return store.inFlight(plex);
        }
    }

    @Test
    void theRecordSaysNobodyBeforeAnyoneTookTheLease() {
        assertThat(store.read(PLEX)).isEqualTo(new LeaseRecord(Optional.empty(), 0));
    }
}
