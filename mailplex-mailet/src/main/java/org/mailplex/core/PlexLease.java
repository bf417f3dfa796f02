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

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One node's view of one plex's lease: the state machine between this node and the shared
 * {@link LeaseStore}. Only the holder releases the plex's mail. {@link #step()} runs every
 * {@link LeaseTimings#renewEvery()}: the holder renews, the others take the lease once nobody holds
 * it (its holder died or gave it up), with the next epoch.
 *
 * <p>The holder trusts its lease only until {@code margin} before it could expire in the store,
 * counted from the instant the last successful renewal started; past that (renewals failing, a
 * long pause) {@link #holds} is false until a renewal succeeds again. Before each release,
 * {@link #fence} checks that and then asks the store to record the release under this node's
 * epoch, which the store refuses once another node took over: a node that lost the lease cannot
 * release after another one took over.</p>
 *
 * <p>Plain Java with an injected {@link Clock}; thread-safe (the renewal runs on its own thread).</p>
 */
public final class PlexLease {
    /** What one {@link #step()} did. */
    public enum Change {
        /** This node took the lease (epoch one above the last): it must take over the plex. */
        ACQUIRED,
        /** This node held it and still does. */
        RENEWED,
        /** This node held it and another node took it: it must stop releasing at once. */
        LOST,
        /** Another node holds it. */
        FOLLOWING,
        /** The store could not be reached; this node's lease (if any) lapses on its own. */
        UNREACHABLE
    }

    /** Who holds the lease, as this node last saw it. */
    public static final class Status {
        private final boolean leader;
        private final Optional<String> holder;
        private final long epoch;

        public Status(boolean leader, Optional<String> holder, long epoch) {
            this.leader = leader;
            this.holder = holder;
            this.epoch = epoch;
        }

        /** Whether this node may release now. */
        public boolean leader() {
            return leader;
        }

        public Optional<String> holder() {
            return holder;
        }

        public long epoch() {
            return epoch;
        }

        @Override
        public String toString() {
            return (leader ? "leader " : "follower of ") + holder.orElse("nobody") + " at epoch " + epoch;
        }
    }

    private final String plex;
    private final String node;
    private final LeaseStore store;
    private final LeaseTimings timings;
    private final Clock clock;
    private long heldEpoch;
    private Instant validUntil = Instant.MIN;
    private LeaseRecord lastSeen = LeaseRecord.NEVER_HELD;

    public PlexLease(String plex, String node, LeaseStore store, LeaseTimings timings, Clock clock) {
        this.plex = Objects.requireNonNull(plex, "plex");
        this.node = Objects.requireNonNull(node, "node");
        this.store = Objects.requireNonNull(store, "store");
        this.timings = Objects.requireNonNull(timings, "timings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String plex() {
        return plex;
    }

    public String node() {
        return node;
    }

    public LeaseTimings timings() {
        return timings;
    }

    /** Renews the lease this node holds, or takes it when nobody holds it. */
    public Change step() {
        long epoch;
        synchronized (this) {
            epoch = heldEpoch;
        }
        Instant start = clock.instant();
        try {
            if (epoch > 0) {
                return renew(epoch, start);
            }
            LeaseRecord current = store.read(plex);
            synchronized (this) {
                lastSeen = current;
            }
            if (current.holder().isPresent()) {
                return Change.FOLLOWING;
            }
            if (!store.acquire(plex, node, current.epoch(), timings.ttl())) {
                return Change.FOLLOWING;
            }
            synchronized (this) {
                heldEpoch = current.epoch() + 1;
                validUntil = start.plus(timings.ttl()).minus(timings.margin());
                lastSeen = new LeaseRecord(Optional.of(node), heldEpoch);
            }
            return Change.ACQUIRED;
        } catch (RuntimeException e) {
            return Change.UNREACHABLE;
        }
    }

    private Change renew(long epoch, Instant start) {
        if (store.renew(plex, node, epoch, timings.ttl())) {
            synchronized (this) {
                if (heldEpoch == epoch) {
                    validUntil = start.plus(timings.ttl()).minus(timings.margin());
                    return Change.RENEWED;
                }
            }
        }
        synchronized (this) {
            lose(epoch);
        }
        return Change.LOST;
    }

    private void lose(long epoch) {
        if (heldEpoch == epoch) {
            heldEpoch = 0;
            validUntil = Instant.MIN;
            lastSeen = new LeaseRecord(Optional.empty(), epoch);
        }
    }

    /** Whether this node holds the lease at {@code epoch} and may trust it now. */
    public synchronized boolean holds(long epoch) {
        return epoch > 0 && heldEpoch == epoch && clock.instant().isBefore(validUntil);
    }

    /** The epoch this node holds and may trust now; empty when it may not release. */
    public synchronized OptionalLong epoch() {
        return holds(heldEpoch) ? OptionalLong.of(heldEpoch) : OptionalLong.empty();
    }

    /**
     * Admits one release, checked immediately before it: true only when this node trusts its lease
     * now and the store recorded the release under this node's epoch. A refusal by the store means
     * another node took over: this node stops releasing (and the next {@link #step()} says
     * {@link Change#LOST} or {@link Change#FOLLOWING}).
     */
    public boolean fence(String key, String operator) {
        OptionalLong epoch = epoch();
        if (epoch.isEmpty()) {
            return false;
        }
        boolean admitted;
        try {
            admitted = store.fence(plex, node, epoch.getAsLong(), key, operator);
        } catch (RuntimeException e) {
            return false;
        }
        if (!admitted) {
            synchronized (this) {
                lose(epoch.getAsLong());
            }
        }
        return admitted;
    }

    /** Gives the lease up at a clean stop, so that another node takes over at once. */
    public void giveUp() {
        long epoch;
        synchronized (this) {
            epoch = heldEpoch;
            lose(epoch);
        }
        if (epoch > 0) {
            try {
                store.giveUp(plex, node, epoch);
            } catch (RuntimeException e) {
                // the lease then expires on its own
            }
        }
    }

    public synchronized Status status() {
        boolean leader = holds(heldEpoch);
        return new Status(leader, lastSeen.holder(), lastSeen.epoch());
    }
}
