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

package org.mailplex.lease;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Username;
import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxManager;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.LeaseStore;
import org.mailplex.core.LeaseTimings;
import org.mailplex.core.PlexEvents;
import org.mailplex.core.PlexLease;
import org.mailplex.mailbox.OperatorMailboxes;
import org.mailplex.release.ReleaseGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plexes' leases on this node. Without a {@link LeaseStore} bound (the default: nothing to
 * configure) this node is alone and holds every plex, as MailPlex always did. With one (the
 * {@code org.mailplex.cassandra.MailPlexCassandraModule} on Distributed James) each plex gets a {@link PlexFailover}: every
 * node parks, only the lease holder releases.
 *
 * <p>Tells the plex event stream when this node gains or loses a plex's lease; {@code PlexMetrics}
 * turns that into {@code mailplex_leader.<plex>} (gauge: 1 when this node releases the plex) and
 * {@code mailplex_takeovers.<plex>} (counter: takeovers by this node).</p>
 */
@Singleton
public class PlexLeases {
    /** The epoch a single node shows: it holds every plex from its start. */
    public static final long SINGLE_NODE_EPOCH = 1;

    private static final Logger LOGGER = LoggerFactory.getLogger(PlexLeases.class);

    private final Optional<LeaseStore> store;
    private final OperatorMailboxes mailboxes;
    private final MailboxManager mailboxManager;
    private final EventBus eventBus;
    private final PlexEvents stream;
    private final Clock clock;
    private final String node;
    /** Set by tests; otherwise each plex's configured {@link PlexConfiguration#leaseTimings()}. */
    private final Optional<LeaseTimings> timings;
    private final Map<String, PlexFailover> failovers = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    /** The park marks are polled apart from the lease steps: a slow read never delays a renewal. */
    private ScheduledExecutorService pollTimer;
    private final Map<String, ScheduledFuture<?>> polls = new ConcurrentHashMap<>();

    @Inject
    public PlexLeases(Optional<LeaseStore> store, OperatorMailboxes mailboxes, MailboxManager mailboxManager, EventBus eventBus,
                      PlexEvents stream, Clock clock) {
        this(store, mailboxes, mailboxManager, eventBus, stream, clock, NodeName.ofThisStart(), Optional.empty());
    }

    PlexLeases(Optional<LeaseStore> store, OperatorMailboxes mailboxes, MailboxManager mailboxManager, EventBus eventBus,
               PlexEvents stream, Clock clock, String node, Optional<LeaseTimings> timings) {
        this.store = store;
        this.mailboxes = mailboxes;
        this.mailboxManager = mailboxManager;
        this.eventBus = eventBus;
        this.stream = stream;
        this.clock = clock;
        this.node = node;
        this.timings = timings;
    }

    /** One node, no store, no metrics: what the tests that build a {@code MailPlexService} by hand get. */
    public static PlexLeases singleNode(Clock clock) {
        return new PlexLeases(Optional.empty(), null, null, null, PlexEvents.NONE, clock, NodeName.ofThisStart(), Optional.empty());
    }

    /** Whether the plexes' leases are shared with other nodes. */
    public boolean shared() {
        return store.isPresent();
    }

    public String node() {
        return node;
    }

    /** Before the plex's loop starts: with a shared lease, nothing is released until this node holds it. */
    public void prepare(LeasedPlex plex) {
        if (store.isPresent()) {
            plex.gate(ReleaseGate.CLOSED);
            plex.recoverOnTakeover();
        }
    }

    public synchronized void start(LeasedPlex plex, Collection<Username> operators) {
        String name = plex.name();
        if (store.isPresent()) {
            if (timer == null) {
                timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "mailplex-lease");
                    thread.setDaemon(true);
                    return thread;
                });
            }
            PlexLease lease = new PlexLease(name, node, store.get(), timings.orElse(plex.configuration().leaseTimings()), clock);
            LeaderEvents events = new LeaderEvents(name, eventBus, mailboxManager, operators, plex.configuration().mailbox(),
                plex::mailboxChanged);
            PlexFailover failover = new PlexFailover(plex, lease, store.get(), mailboxes, events, timer, clock, stream);
            failovers.put(name, failover);
            failover.start();
            if (pollTimer == null) {
                pollTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "mailplex-park-poll");
                    thread.setDaemon(true);
                    return thread;
                });
            }
            long every = PlexFailover.PARK_POLL.toMillis();
            polls.put(name, pollTimer.scheduleWithFixedDelay(failover::poll, every, every, TimeUnit.MILLISECONDS));
        }
    }

    /** Stops the plex's lease (gives it up); call it once the plex's loop has stopped. */
    public synchronized void stop(String plex) {
        ScheduledFuture<?> poll = polls.remove(plex);
        if (poll != null) {
            poll.cancel(false);
        }
        PlexFailover failover = failovers.remove(plex);
        if (failover != null) {
            failover.stop();
        }
    }

    /**
     * Several nodes, on a node that does not hold {@code plex}'s lease: the holder runs the action
     * (see {@link org.mailplex.core.HolderRequest}) and this is its answer. Empty when this node holds
     * the lease or runs alone: run it here.
     */
    public Optional<String> onHolder(LeasedPlex plex, String action, String key, String operator, Duration timeout) {
        PlexFailover failover = failovers.get(plex.name());
        if (failover == null || failover.status().leader()) {
            return Optional.empty();
        }
        return Optional.of(failover.ask(action, key, operator, timeout));
    }

    /** An admin changed on this node what every node reads of {@code plex}: the other nodes read it again within a poll. */
    public void changed(LeasedPlex plex) {
        PlexFailover failover = failovers.get(plex.name());
        if (failover != null) {
            failover.markChanged();
        }
    }

    /** Who holds the plex's lease, as this node sees it. */
    public PlexLease.Status status(LeasedPlex plex) {
        PlexFailover failover = failovers.get(plex.name());
        if (failover == null) {
            return new PlexLease.Status(true, Optional.of(node), SINGLE_NODE_EPOCH);
        }
        return failover.status();
    }

    public synchronized void shutdown() {
        failovers.keySet().forEach(this::stop);
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (pollTimer != null) {
            pollTimer.shutdownNow();
            pollTimer = null;
        }
    }
}
