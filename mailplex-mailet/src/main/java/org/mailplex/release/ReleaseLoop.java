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

package org.mailplex.release;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Assignment;
import org.mailplex.core.PlexScheduler;
import org.mailplex.reclaim.Reclaimer;
import org.mailplex.state.ReleaseJournalStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The one thread that releases a plex's parked mail, woken by a parked mail, by a change in an
 * operator's mailbox, and by a reconcile tick that re-reads every held count through the mailbox
 * API, the source of truth. Each pass reads what changed, then hands assignments to the
 * {@link Releaser} until the rule has nothing more to give.
 *
 * <p>Nothing thrown stops the loop or its tick. Admin actions run on the same thread
 * ({@link #onLoop}), so no release races them. Mailbox and repository calls are bounded by the
 * plex's {@code callTimeout} ({@link BoundedCalls}).</p>
 */
public final class ReleaseLoop implements Releaser.Loop {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReleaseLoop.class);
    private static final int PENDING = 0;
    private static final int STARTED = 1;
    private static final int ABANDONED = 2;

    private final MailAddress plex;
    private final PlexConfiguration configuration;
    private final PlexScheduler scheduler;
    private final Map<String, Username> usernames;
    private final Clock clock;
    private final Runnable onTick;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean wakeQueued = new AtomicBoolean(false);
    private final ScheduledExecutorService loop;
    private final BoundedCalls calls;
    private final ReleaseParts parts;
    private final Releaser releaser;
    private final Reclaimer reclaimer;
    private final ReclaimScans reclaimScans = new ReclaimScans();
    private final MissingOperators missing;
    /** On several nodes, only the plex's lease holder releases. */
    private volatile ReleaseGate gate = ReleaseGate.OPEN;

    public ReleaseLoop(ReleaseParts parts, Reclaimer reclaimer, Runnable onTick) {
        this.plex = parts.configuration.account();
        this.configuration = parts.configuration;
        this.scheduler = parts.scheduler;
        this.usernames = parts.usernames;
        this.clock = parts.clock;
        this.onTick = onTick;
        this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mailplex-" + plex.asString());
            thread.setDaemon(true);
            return thread;
        });
        this.calls = parts.calls;
        this.reclaimer = reclaimer;
        this.missing = new MissingOperators(plex.asString(), scheduler);
        this.parts = parts;
        this.releaser = new Releaser(parts, calls, this);
    }

    /**
     * At start, before anything is released: takes out of {@code parked} (and the queue) what the
     * last run delivered, found by the journal or by its ticket; returns how many.
     */
    public int finishInterrupted(ReleaseJournalStore.Recovery recovery, List<String> parked) throws Exception {
        return InterruptedReleases.finish(parts, recovery, parked, removals(), clock.instant());
    }

    public void gate(ReleaseGate gate) {
        this.gate = gate;
    }

    @Override
    public ReleaseGate gate() {
        return gate;
    }

    /** Runs {@code first} on the loop, then releases on every wake and tick. */
    public void start(Runnable first) {
        loop.execute(guarded("start", first));
        long interval = configuration.reconcileInterval().toMillis();
        loop.scheduleWithFixedDelay(guarded("reconcile tick", this::reconcile), 0, interval, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        loop.shutdownNow();
        calls.shutdown();
        try {
            if (!loop.awaitTermination(10, TimeUnit.SECONDS)) {
                LOGGER.warn("MailPlex {} release loop did not stop within 10 s", plex.asString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code task} on the loop after {@code delay}. */
    public void later(Runnable task, Duration delay) {
        try {
            loop.schedule(guarded("delayed task", task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOGGER.debug("MailPlex {} release loop is stopped, delayed task ignored", plex.asString());
        }
    }

    @Override
    public void execute(Runnable task) {
        try {
            loop.execute(guarded("task", task));
        } catch (RuntimeException e) {
            LOGGER.debug("MailPlex {} release loop is stopped, task ignored", plex.asString());
        }
    }

    @Override
    public void wakeAfter(Duration delay) {
        later(this::wake, delay);
    }

    /** A mail was just given to an operator reclaimed from after {@code after}: look for unopened mail then. */
    public void reclaimAfter(Duration after) {
        Duration delay = after.plusMillis(100);
        if (reclaimScans.request(System.nanoTime() + delay.toNanos())) {
            later(this::scheduledReclaim, delay);
        }
    }

    /** The one pending scan ({@link ReclaimScans}), then its follow-up if releases asked for a later one meanwhile. */
    private void scheduledReclaim() {
        try {
            reclaimPass();
        } finally {
            reclaimScans.ran(System.nanoTime()).ifPresent(nanos -> later(this::scheduledReclaim, Duration.ofNanos(nanos)));
        }
    }

    /** Only the node that may release takes mail back (on several nodes, the lease holder). */
    private void reclaimPass() {
        if (gate.open() && reclaimer.reclaimDue() > 0) {
            pass();
        }
    }

    /** A mailbox of {@code operator} (one of this plex's) changed: re-read it and release. */
    public void operatorChanged(String operator) {
        dirty.add(operator);
        wake();
    }

    /** Runs one release pass on the loop soon; wakes that arrive meanwhile share it. */
    public void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                loop.execute(guarded("release pass", () -> {
                    wakeQueued.set(false);
                    pass();
                }));
            } catch (RuntimeException e) {
                wakeQueued.set(false);
                LOGGER.debug("MailPlex {} release loop is stopped, wake ignored", plex.asString());
            }
        }
    }

    /** No throwable escapes: one escaping a scheduled task would cancel the tick for good. */
    private Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable e) {
                LOGGER.error("MailPlex {} {} failed; the loop goes on and the next tick retries", plex.asString(), what, e);
            }
        };
    }

    private void reconcile() {
        onTick.run();
        releaser.removals().retry();
        releaser.refusals().tick();
        for (String operator : usernames.keySet()) {
            if (!missing.isMissing(operator)) {
                scheduler.markAvailable(operator);
            }
        }
        dirty.addAll(usernames.keySet());
        if (gate.open()) {
            reclaimer.reclaimDue();
        }
        pass();
    }

    private void pass() {
        refreshDirty(parts.steady.instant());
        if (!gate.open()) {
            return;
        }
        while (!Thread.currentThread().isInterrupted()) {
            Optional<Assignment> next = scheduler.next();
            if (next.isEmpty() || release(next.get()) == Releaser.Outcome.STOP) {
                return;
            }
        }
    }

    /** Everything read in one pass is observed at one instant: operators found free together tie, and roster order decides. */
    private void refreshDirty(Instant now) {
        Iterator<String> iterator = dirty.iterator();
        while (iterator.hasNext()) {
            String operator = iterator.next();
            iterator.remove();
            try {
                if (gate.open()) {
                    reclaimer.checkNotices(operator);
                }
                scheduler.observe(operator, releaser.held(operator), now);
                missing.readOk(operator);
            } catch (Exception e) {
                if (missing.readFailed(operator, e)) {
                    continue;
                }
                LOGGER.warn("MailPlex {} could not read the mailbox of {}; keeping its last known state", plex.asString(), operator, e);
            }
        }
    }

    /** Delivered mails still to be taken out of the queue, and their removal. */
    public QueueRemovals removals() {
        return releaser.removals();
    }

    /** Delivers one assignment now; call it on the loop thread. */
    public Releaser.Outcome release(Assignment assignment) {
        return releaser.release(assignment);
    }

    /**
     * Runs {@code task} on the loop thread and waits for it at most {@code timeout}. Past it, a
     * task that has not started is cancelled ({@link NotDoneException}:
     * nothing was done) and one that has started goes on to its end
     * ({@link StillRunningException}): never done behind the caller's back.
     */
    public <T> T onLoop(Callable<T> task, Duration timeout) {
        // pending -> started by the loop, or pending -> abandoned by the caller: exactly one wins
        AtomicInteger state = new AtomicInteger(PENDING);
        Future<T> future = loop.submit(() -> state.compareAndSet(PENDING, STARTED) ? task.call() : null);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StillRunningException) {
                throw (StillRunningException) e.getCause();
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            if (state.compareAndSet(PENDING, ABANDONED)) {
                future.cancel(false);
                throw new NotDoneException("MailPlex " + plex.asString() + " is busy: the action did not start within "
                    + timeout + " and was cancelled; nothing was done, try again");
            }
            throw new StillRunningException("MailPlex " + plex.asString() + " accepted the action; it is still running after "
                + timeout + " and will finish on its own");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
