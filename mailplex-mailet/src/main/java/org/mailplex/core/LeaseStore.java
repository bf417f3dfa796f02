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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the leases of the plexes live, shared by every node (Cassandra on Distributed James). Each
 * write is conditional (compare and set), so two nodes never both succeed. The epoch of a plex
 * never decreases, so a node can tell whether someone else held the lease since it last did.
 * Methods throw {@link RuntimeException} when the store cannot be reached.
 */
public interface LeaseStore {
    /** The plex's lease now; {@link LeaseRecord#NEVER_HELD} when nobody ever took it. */
    LeaseRecord read(String plex);

    /**
     * Takes the lease for {@code node} when nobody holds it and its epoch is still {@code seenEpoch}:
     * it then holds epoch {@code seenEpoch + 1} for {@code ttl}. False when someone was faster.
     */
    boolean acquire(String plex, String node, long seenEpoch, Duration ttl);

    /** Keeps the lease {@code ttl} longer, if {@code node} still holds it at {@code epoch}. */
    boolean renew(String plex, String node, long epoch, Duration ttl);

    /** Gives the lease up (a clean stop), if {@code node} still holds it at {@code epoch}: another node takes over at once. */
    void giveUp(String plex, String node, long epoch);

    /**
     * Fences one release: records {@code key} as being delivered to {@code operator} if and only if
     * {@code node} still holds the lease at {@code epoch}. False when it does not: the release must
     * not happen. A store keeps at least the last 16 releases recorded.
     */
    boolean fence(String plex, String node, long epoch, String key, String operator);

    /** The last releases recorded by {@link #fence} (at least 16): queue key to operator. */
    Map<String, String> inFlight(String plex);

    /**
     * A node parked {@code key} into the plex's shared queue: a small mark the other nodes poll, so
     * that the holder lists the queue at once instead of at its next {@code reconcileInterval}. A
     * store that keeps no mark does nothing.
     */
    default void parked(String plex, String key) {
    }

    /** The key of the last {@link #parked} mark of the plex, by any node; empty when none is kept. */
    default Optional<String> lastParked(String plex) {
        return Optional.empty();
    }

    /**
     * An admin changed what every node reads of the plex (a pause, a resume, the roster, a schedule,
     * an absence): a mark the other nodes poll with the park mark, so that they read the shared state
     * again at once instead of at their next {@code reconcileInterval}. A store that keeps no mark does nothing.
     */
    default void changed(String plex, String mark) {
    }

    /** The last {@link #changed} mark of the plex, by any node; empty when none is kept. */
    default Optional<String> lastChanged(String plex) {
        return Optional.empty();
    }

    /**
     * Asks the plex's lease holder to run {@code request} (an admin's action made on another node).
     * A store that cannot carry requests refuses.
     */
    default void ask(String plex, HolderRequest request) {
        throw new UnsupportedOperationException("this lease store carries no request to the holder");
    }

    /** The requests asked and not taken yet, for the holder. */
    default List<HolderRequest> asked(String plex) {
        return List.of();
    }

    /** The holder takes an asked request: false when it was cancelled (or taken) meanwhile; then it must not run it. */
    default boolean take(String plex, String id) {
        return false;
    }

    /** The holder's answer to a request it took. */
    default void answer(String plex, String id, String answer) {
    }

    /** The answer to a request, once the holder gave it. */
    default Optional<String> answerTo(String plex, String id) {
        return Optional.empty();
    }

    /** The asking node stops waiting: true when nobody took the request, which then never runs. */
    default boolean cancel(String plex, String id) {
        return true;
    }
}
