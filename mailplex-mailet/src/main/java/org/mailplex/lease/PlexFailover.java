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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.mailplex.core.HolderRequest;
import org.mailplex.core.LeaseStore;
import org.mailplex.core.PlexEvents;
import org.mailplex.core.PlexLease;
import org.mailplex.mailbox.OperatorMailboxes;
import org.mailplex.release.NotDoneException;
import org.mailplex.release.ReleaseGate;
import org.mailplex.release.StillRunningException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plex on one of several James nodes sharing its queue. Every node parks; only the
 * holder of the plex's lease releases:
 * <ul>
 *   <li>the lease is stepped every {@code renewEvery} on a timer thread ({@link PlexLease});</li>
 *   <li>the release loop's gate is open only while this node holds the lease and has taken the
 *   plex over at that epoch, and each release is fenced by the store at the epoch, immediately
 *   before the append;</li>
 *   <li>taking over (on the loop thread): the queue is listed again (the other nodes' parked mail),
 *   the releases the last holder recorded as begun and that are still parked are looked for in
 *   their operators' mailboxes by ticket and taken out of the queue when found there (that node's
 *   release journal is on its own disk), and keyed event registrations are made for the operators'
 *   mailboxes ({@link LeaderEvents});</li>
 *   <li>every reconcile interval, on every node, the queue listing is synced into the scheduler:
 *   mail parked by other nodes is added, mail released by another node is forgotten.</li>
 * </ul>
 */
public final class PlexFailover {
    private static final Logger LOGGER = LoggerFactory.getLogger(PlexFailover.class);
    /** A waiting key missing from the listing is forgotten only when parked this long before the listing. */
    private static final Duration SYNC_GRACE = Duration.ofSeconds(2);
    /** How often each node reads the last park mark of the plex: mail parked on another node is listed within about this. */
    static final Duration PARK_POLL = Duration.ofMillis(250);
    /** How often a node that asked the holder for an action looks for its answer. */
    private static final Duration ANSWER_POLL = Duration.ofMillis(50);

    private final LeasedPlex plex;
    private final PlexLease lease;
    private final LeaseStore store;
    private final OperatorMailboxes mailboxes;
    private final LeaderEvents events;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final PlexEvents stream;
    private volatile long takenOver;
    private final Marks parkMarks = new Marks();
    private final Marks changeMarks = new Marks();
    private PlexLease.Change lastChange;
    private boolean announced;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private final ReleaseGate gate = new ReleaseGate() {
        @Override
        public boolean open() {
            long epoch = takenOver;
            return epoch > 0 && lease.holds(epoch);
        }

        @Override
        public boolean admit(String key, String operator) {
            return open() && lease.fence(key, operator);
        }
    };

    PlexFailover(LeasedPlex plex, PlexLease lease, LeaseStore store, OperatorMailboxes mailboxes, LeaderEvents events,
                 ScheduledExecutorService timer, Clock clock, PlexEvents stream) {
        this.plex = plex;
        this.lease = lease;
        this.store = store;
        this.mailboxes = mailboxes;
        this.events = events;
        this.timer = timer;
        this.clock = clock;
        this.stream = stream;
    }

    synchronized void start() {
        plex.gate(gate);
        long renewEvery = lease.timings().renewEvery().toMillis();
        long syncEvery = plex.configuration().reconcileInterval().toMillis();
        tasks.add(timer.scheduleWithFixedDelay(guarded("lease step", this::step), 0, renewEvery, TimeUnit.MILLISECONDS));
        tasks.add(timer.scheduleWithFixedDelay(() -> plex.onLoop(guarded("queue sync", this::sync)), syncEvery, syncEvery,
            TimeUnit.MILLISECONDS));
        plex.onParked(this::markParked);
        LOGGER.info("MailPlex {} runs as node {} over a shared lease ({})", plex.name(), lease.node(), lease.timings());
    }

    /** Stops stepping, stops listening and gives the lease up; call it once the plex's loop has stopped. */
    synchronized void stop() {
        tasks.forEach(task -> task.cancel(false));
        tasks.clear();
        takenOver = 0;
        events.stop();
        lease.giveUp();
    }

    /** On the thread that parked: marks the key for the other nodes; a mark that fails only leaves them to the next sync. */
    void markParked(String key) {
        parkMarks.own(key);
        try {
            store.parked(plex.name(), key);
        } catch (RuntimeException e) {
            LOGGER.warn("MailPlex {} could not mark {} parked for the other nodes; they list it at their next sync", plex.name(), key, e);
        }
    }

    /**
     * An admin changed, on this node, what every node reads of the plex (written to the shared
     * stores already): a mark that makes the other nodes read it again at their next poll. A mark
     * that fails only leaves them to their next {@code reconcileInterval}.
     */
    void markChanged() {
        String mark = lease.node() + " " + UUID.randomUUID();
        changeMarks.own(mark);
        try {
            store.changed(plex.name(), mark);
        } catch (RuntimeException e) {
            LOGGER.warn("MailPlex {} could not mark a change for the other nodes; they read it at their next refresh", plex.name(), e);
        }
    }

    /** Every {@link #PARK_POLL}: the park and change marks, and on the holder the requests other nodes asked it to run. */
    void poll() {
        // another node parked: list the queue now (the holder releases it in order, every node counts it)
        poll("park", () -> store.lastParked(plex.name()), parkMarks, () -> plex.onLoop(guarded("queue sync", this::sync)));
        // another node changed what every node reads: read the shared state again now
        poll("change", () -> store.lastChanged(plex.name()), changeMarks, plex::sharedStateChanged);
        if (gate.open()) {
            pollRequests();
        }
    }

    /** On the holder: takes each request another node asked (a lightweight transaction: a cancelled one is never run) and runs it on the loop. */
    private void pollRequests() {
        List<HolderRequest> asked;
        try {
            asked = store.asked(plex.name());
        } catch (RuntimeException e) {
            LOGGER.debug("MailPlex {} could not read the requests of the other nodes; the next poll retries", plex.name(), e);
            return;
        }
        for (HolderRequest request : asked) {
            if (store.take(plex.name(), request.id())) {
                LOGGER.info("MailPlex {}: node {} runs {}, asked on another node", plex.name(), lease.node(), request);
                plex.onLoop(guarded("request " + request.id(), () -> store.answer(plex.name(), request.id(), plex.perform(request))));
            }
        }
    }

    /**
     * On a node that does not hold the lease: asks the holder to run an admin's action and waits up
     * to {@code timeout} for its answer. Not taken in time: cancelled, nothing done
     * ({@link NotDoneException}); taken and not answered in time: it finishes on the holder
     * ({@link StillRunningException}).
     */
    String ask(String action, String key, String operator, Duration timeout) {
        HolderRequest request = new HolderRequest(UUID.randomUUID().toString(), action, key, operator);
        store.ask(plex.name(), request);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> answer = store.answerTo(plex.name(), request.id());
            if (answer.isPresent()) {
                return answer.get();
            }
            try {
                Thread.sleep(ANSWER_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Optional<String> late = store.answerTo(plex.name(), request.id());
        if (late.isPresent()) {
            return late.get();
        }
        if (store.cancel(plex.name(), request.id())) {
            throw new NotDoneException("MailPlex " + plex.name() + ": the lease holder did not take the action within " + timeout
                + "; it was cancelled, nothing was done, try again");
        }
        throw new StillRunningException("MailPlex " + plex.name() + ": the lease holder took the action; it is still running after "
            + timeout + " and will finish on its own");
    }

    /**
     * Reads the last {@code what} mark of the plex; when it is new since the last poll and another
     * node left it, runs {@code onNew}. A read that fails is retried at the next poll.
     */
    private void poll(String what, Supplier<Optional<String>> read, Marks marks, Runnable onNew) {
        Optional<String> last;
        try {
            last = read.get();
        } catch (RuntimeException e) {
            LOGGER.debug("MailPlex {} could not read the last {} mark; the next poll retries", plex.name(), what, e);
            return;
        }
        if (last.isPresent() && marks.newFromElsewhere(last.get())) {
            onNew.run();
        }
    }

    /** One kind of mark the nodes leave (park, change): the last one this node saw, and the last one it left. */
    private static final class Marks {
        private volatile String own = "";
        private volatile String seen = "";

        void own(String mark) {
            own = mark;
        }

        /** Whether {@code last} was not seen at the last poll and another node left it. */
        boolean newFromElsewhere(String last) {
            if (last.equals(seen)) {
                return false;
            }
            seen = last;
            return !last.equals(own);
        }
    }

    PlexLease.Status status() {
        return lease.status();
    }

    private Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable e) {
                LOGGER.error("MailPlex {} {} failed; the next one retries", plex.name(), what, e);
            }
        };
    }

    private synchronized void step() {
        PlexLease.Change change = lease.step();
        if (change != lastChange && change != PlexLease.Change.RENEWED) {
            LOGGER.info("MailPlex {} lease on node {}: {} ({})", plex.name(), lease.node(), change, lease.status());
        }
        lastChange = change;
        if (change == PlexLease.Change.ACQUIRED) {
            announced = true;
            OptionalLong epoch = lease.epoch();
            epoch.ifPresent(acquired -> plex.onLoop(guarded("takeover", () -> takeOver(acquired))));
        } else if ((change == PlexLease.Change.LOST || change == PlexLease.Change.FOLLOWING) && announced) {
            announced = false;
            takenOver = 0;
            events.stop();
            LOGGER.warn("MailPlex {}: node {} lost the plex's lease; it parks and no longer releases", plex.name(), lease.node());
            stream.leaseLost(plex.name());
        }
    }

    /** On the loop thread: takes the plex over at {@code epoch}; a failure is retried by the next sync. */
    private void takeOver(long epoch) {
        try {
            takeOverOrFail(epoch);
        } catch (Exception e) {
            throw new IllegalStateException("MailPlex " + plex.name() + " could not take the plex over at epoch " + epoch
                + "; the next sync retries", e);
        }
    }

    private void takeOverOrFail(long epoch) throws Exception {
        if (!lease.holds(epoch) || takenOver == epoch) {
            return;
        }
        long start = System.nanoTime();
        Instant listedAt = clock.instant();
        List<String> listed = plex.queuedKeys();
        List<String> notFinished = new ArrayList<>(listed);
        int found = plex.finishInterrupted(notFinished);
        Set<String> parked = new HashSet<>(notFinished);
        for (Map.Entry<String, String> begun : store.inFlight(plex.name()).entrySet()) {
            String key = begun.getKey();
            if (parked.contains(key) && deliveredBefore(key, begun.getValue())) {
                plex.deliveredElsewhere(key);
                parked.remove(key);
                found++;
                LOGGER.info("MailPlex {}: {} was delivered to {} by the last lease holder; taken out of the queue", plex.name(), key,
                    begun.getValue());
            }
        }
        List<String> stillParked = new ArrayList<>(listed);
        stillParked.retainAll(parked);
        reconcile(stillParked, listedAt);
        events.refresh();
        takenOver = epoch;
        stream.leaseGained(plex.name(), epoch);
        LOGGER.info("MailPlex {}: node {} took the plex over at epoch {} in {} ms: {} parked, {} found delivered by the last holder, "
                + "{} mailbox(es) listened to", plex.name(), lease.node(), epoch, (System.nanoTime() - start) / 1_000_000,
            stillParked.size(), found, events.registered());
        plex.wake();
    }

    private boolean deliveredBefore(String key, String operator) throws Exception {
        return plex.holdsKey(operator, key);
    }

    /** On the loop thread, every reconcile interval: the queue listing into the scheduler; a takeover not done yet is retried. */
    private void sync() {
        OptionalLong epoch = lease.epoch();
        if (epoch.isPresent() && takenOver != epoch.getAsLong()) {
            takeOver(epoch.getAsLong());
            return;
        }
        Instant listedAt = clock.instant();
        List<String> listed;
        try {
            listed = plex.queuedKeys();
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the queue", e);
        }
        if (reconcile(listed, listedAt) > 0) {
            plex.wake();
        }
        if (gate.open()) {
            events.refresh();
        }
    }

    /** Parks what the queue holds and the rule does not know; forgets what left the queue elsewhere. Returns how many were added. */
    private int reconcile(List<String> listed, Instant listedAt) {
        return plex.reconcile(listed, listedAt.minus(SYNC_GRACE));
    }
}
