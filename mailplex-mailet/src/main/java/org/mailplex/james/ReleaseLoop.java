package org.mailplex.james;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailbox.exception.OverQuotaException;
import org.apache.james.mime4j.MimeException;
import org.apache.mailet.Mail;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Assignment;
import org.mailplex.core.PlexScheduler;
import org.mailplex.core.QueueKeys;
import org.mailplex.state.ReleaseJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableMap;

/**
 * The one thread that releases a plex's parked mail, woken by a parked mail, by a change in an
 * operator's mailbox, and by a reconcile tick that re-reads every held count through the mailbox
 * API, the source of truth.
 *
 * <p>A release is journalled, appended to the operator's watched mailbox, then removed from the
 * queue: never lost, and a crash in between is finished at the next start (see {@link Plex}).
 * Nothing thrown stops the loop or its tick. Every mailbox and repository call is bounded by the
 * plex's {@code callTimeout}: a delivery still running then stays assigned (its operator holds it)
 * and is finished when the call ends, while the loop goes on.</p>
 *
 * <p>Whose fault a failed delivery is decides what happens next. The mail's (over quota,
 * unreadable, too big for memory): the mail steps aside for {@value #BACKOFF_SECONDS} s, doubled at
 * each attempt, and after {@value #MAIL_ATTEMPTS} attempts it is set aside in the stuck repository;
 * the operator keeps her place. Anything else is the operator's (no such user, mailbox failing):
 * she gets nothing until the next tick and the mail waits at its place.</p>
 */
final class ReleaseLoop {
    static final int MAIL_ATTEMPTS = 3;
    static final long BACKOFF_SECONDS = 1;
    private static final Logger LOGGER = LoggerFactory.getLogger(ReleaseLoop.class);
    private static final int MAX_CALLS = 8;
    private static final long RELEASE_WINDOW_MILLIS = Long.getLong("mailplex.test.releaseWindowMillis", 0);

    /** Told of what the loop did; called on the loop thread, so it must be quick. */
    interface Listener {
        /** The mail is in the operator's mailbox and out of the queue. */
        void released(Release release);

        /** The queue answered nothing for a mail the scheduler held as parked. */
        void vanished(String key);

        /** No operator could take the mail: it was moved to the stuck repository. */
        void setAside(String key);
    }

    /** What became of one release. */
    enum Outcome {
        /** In the operator's mailbox, out of the queue. */
        RELEASED,
        /** Still being delivered after the call timeout; finished when the call ends. */
        PENDING,
        /** The mail could not be delivered because of itself; it stepped aside or was set aside. */
        MAIL_FAILED,
        /** Delivery failed because of the operator; the mail waits again at its place. */
        OPERATOR_FAILED,
        /** Another plex delivered to the shared mailbox first: the operator is busy. */
        OPERATOR_BUSY,
        /** The queue, the journal or a shared mailbox could not be used; the pass stops and a later one retries. */
        STOP
    }

    private final MailAddress plex;
    private final PlexConfiguration configuration;
    private final PlexScheduler scheduler;
    private final ParkedQueue queue;
    private final ParkedQueue stuck;
    private final ReleaseJournal journal;
    private final OperatorMailboxes mailboxes;
    private final SharedMailboxes shared;
    private final ImmutableMap<String, Username> usernames;
    private final Clock clock;
    private final Listener listener;
    private final Runnable onTick;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> mailFailures = new ConcurrentHashMap<>();
    private final AtomicBoolean wakeQueued = new AtomicBoolean(false);
    private final ScheduledExecutorService loop;
    private final ExecutorService calls;

    ReleaseLoop(PlexConfiguration configuration, PlexScheduler scheduler, ParkedQueue queue, ParkedQueue stuck, ReleaseJournal journal,
                OperatorMailboxes mailboxes, SharedMailboxes shared, ImmutableMap<String, Username> usernames, Clock clock,
                Listener listener, Runnable onTick) {
        this.plex = configuration.account();
        this.configuration = configuration;
        this.scheduler = scheduler;
        this.queue = queue;
        this.stuck = stuck;
        this.journal = journal;
        this.mailboxes = mailboxes;
        this.shared = shared;
        this.usernames = usernames;
        this.clock = clock;
        this.listener = listener;
        this.onTick = onTick;
        this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "mailplex-" + plex.asString()));
        this.calls = new ThreadPoolExecutor(0, MAX_CALLS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
            runnable -> daemon(runnable, "mailplex-" + plex.asString() + "-call"));
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Runs {@code first} on the loop, then releases on every wake and tick. */
    void start(Runnable first) {
        loop.execute(guarded("start", first));
        long interval = configuration.reconcileInterval().toMillis();
        loop.scheduleWithFixedDelay(guarded("reconcile tick", this::reconcile), 0, interval, TimeUnit.MILLISECONDS);
    }

    void stop() {
        loop.shutdownNow();
        calls.shutdownNow();
        try {
            if (!loop.awaitTermination(10, TimeUnit.SECONDS)) {
                LOGGER.warn("MailPlex {} release loop did not stop within 10 s", plex.asString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code task} on the loop after {@code delay}. */
    void later(Runnable task, Duration delay) {
        try {
            loop.schedule(guarded("delayed task", task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOGGER.debug("MailPlex {} release loop is stopped, delayed task ignored", plex.asString());
        }
    }

    /** A mailbox of {@code operator} (one of this plex's) changed: re-read it and release. */
    void operatorChanged(String operator) {
        dirty.add(operator);
        wake();
    }

    /** Runs one release pass on the loop soon; wakes that arrive meanwhile share it. */
    void wake() {
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
        for (String operator : usernames.keySet()) {
            scheduler.markAvailable(operator);
        }
        dirty.addAll(usernames.keySet());
        pass();
    }

    private void pass() {
        refreshDirty(clock.instant());
        while (!Thread.currentThread().isInterrupted()) {
            Optional<Assignment> next = scheduler.next();
            if (next.isEmpty() || release(next.get()) == Outcome.STOP) {
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
                scheduler.observe(operator, bounded(() -> held(operator)), now);
            } catch (Exception e) {
                LOGGER.warn("MailPlex {} could not read the mailbox of {}; keeping its last known state", plex.asString(), operator, e);
            }
        }
    }

    private long held(String operator) throws Exception {
        return mailboxes.held(usernames.get(operator), configuration.mailbox(), configuration.busyWhen());
    }

    /** Runs a mailbox or repository call on a worker, waiting at most the plex's call timeout. */
    private <T> T bounded(Callable<T> call) throws Exception {
        Future<T> future = calls.submit(call);
        try {
            return future.get(configuration.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw e;
        }
    }

    /** Delivers one assignment; on any failure the mail waits again, at its place or aside. */
    Outcome release(Assignment assignment) {
        String key = assignment.key();
        Optional<Mail> parked;
        try {
            parked = bounded(() -> queue.retrieve(key));
        } catch (Throwable e) {
            scheduler.fail(assignment);
            LOGGER.error("MailPlex {} cannot read parked mail {}; stopping this pass, the next tick retries", plex.asString(), key, e);
            return Outcome.STOP;
        }
        if (parked.isEmpty()) {
            // James's file repository deletes a mail it cannot read and answers nothing: a failing disk
            // must cost one mail, not the queue, so the pass stops here.
            scheduler.fail(assignment);
            scheduler.forget(key);
            LOGGER.error("MailPlex {}: parked mail {} is gone from its queue {} (removed outside MailPlex, or unreadable and deleted "
                + "by the repository); stopping this pass", plex.asString(), key, configuration.repositoryUrl().asString());
            listener.vanished(key);
            return Outcome.STOP;
        }
        Mail mail = parked.get();
        Optional<Semaphore> permit = Optional.empty();
        boolean handedOver = false;
        try {
            Instant now = clock.instant();
            permit = shared.permit(usernames.get(assignment.operator()), configuration.mailbox());
            Optional<Outcome> refused = reserve(assignment, permit, now);
            if (refused.isPresent()) {
                permit = Optional.empty();
                return refused.get();
            }
            journal.begin(key, assignment.operator());
            CompletableFuture<Void> delivery = deliver(assignment, mail, now);
            try {
                delivery.get(configuration.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
                return finish(assignment, mail, null, now);
            } catch (ExecutionException e) {
                return finish(assignment, mail, e.getCause(), now);
            } catch (TimeoutException e) {
                LOGGER.warn("MailPlex {}: delivering {} to {} takes longer than {}; it stays assigned until the call ends",
                    plex.asString(), key, assignment.operator(), configuration.callTimeout());
                Optional<Semaphore> heldPermit = permit;
                delivery.whenComplete((done, failure) -> loop.execute(guarded("late delivery", () -> {
                    try {
                        finish(assignment, mail, failure instanceof CompletionException ? failure.getCause() : failure, now);
                    } finally {
                        heldPermit.ifPresent(Semaphore::release);
                        LifecycleUtil.dispose(mail);
                        wake();
                    }
                })));
                handedOver = true;
                return Outcome.PENDING;
            }
        } catch (IOException e) {
            scheduler.fail(assignment);
            LOGGER.error("MailPlex {} cannot write its release journal {}; stopping this pass", plex.asString(), journal.path(), e);
            return Outcome.STOP;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            scheduler.fail(assignment);
            return Outcome.STOP;
        } finally {
            if (!handedOver) {
                permit.ifPresent(Semaphore::release);
                LifecycleUtil.dispose(mail);
            }
        }
    }

    /**
     * For a mailbox other plexes watch too: takes its permit and re-reads its held count. Empty
     * when the delivery may go ahead (the permit is then held); otherwise what to do instead.
     */
    private Optional<Outcome> reserve(Assignment assignment, Optional<Semaphore> permit, Instant now) throws InterruptedException {
        if (permit.isEmpty()) {
            return Optional.empty();
        }
        if (!permit.get().tryAcquire(configuration.callTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            scheduler.fail(assignment);
            LOGGER.warn("MailPlex {}: another plex is still delivering to {}; retrying later", plex.asString(), assignment.operator());
            return Optional.of(Outcome.STOP);
        }
        try {
            long held = bounded(() -> held(assignment.operator()));
            if (held < configuration.roster().capacity(assignment.operator())) {
                return Optional.empty();
            }
            scheduler.fail(assignment);
            scheduler.observe(assignment.operator(), held, now);
            permit.get().release();
            return Optional.of(Outcome.OPERATOR_BUSY);
        } catch (Exception e) {
            scheduler.fail(assignment);
            permit.get().release();
            LOGGER.warn("MailPlex {} could not read the mailbox of {}; retrying later", plex.asString(), assignment.operator(), e);
            return Optional.of(Outcome.STOP);
        }
    }

    private CompletableFuture<Void> deliver(Assignment assignment, Mail mail, Instant now) {
        Instant parkedAt = QueueKeys.parkedAt(assignment.key()).orElse(now);
        byte[] trace = TraceHeaders.lines(plex, assignment.operator(), assignment.key(), parkedAt);
        try {
            return CompletableFuture.runAsync(() -> {
                try {
                    mailboxes.deliver(usernames.get(assignment.operator()), configuration.mailbox(),
                        new TracedMessage(trace, mail.getMessage()), Date.from(now));
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, calls);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Settles a delivery: {@code failure} is null when the mail is in the operator's mailbox. */
    private Outcome finish(Assignment assignment, Mail mail, Throwable failure, Instant now) {
        String key = assignment.key();
        if (failure == null) {
            Duration waited = QueueKeys.parkedAt(key).map(parkedAt -> Duration.between(parkedAt, now)).orElse(Duration.ZERO);
            LOGGER.info("Released {} of plex {} to {} after {}", key, plex.asString(), assignment.operator(), waited);
            scheduler.complete(assignment);
            mailFailures.remove(key);
            Optional<String> messageId = messageId(mail);
            markDelivered(new ReleaseJournal.Delivery(key, assignment.operator(), now, messageId));
            pauseInReleaseWindow();
            removeFromQueue(key);
            endJournal(key);
            notifyReleased(new Release(key, assignment.operator(), messageId, now, waited));
            return Outcome.RELEASED;
        }
        endJournal(key);
        if (isTheMails(failure)) {
            int attempts = mailFailures.merge(key, 1, Integer::sum);
            if (attempts >= MAIL_ATTEMPTS) {
                scheduler.fail(assignment);
                setAside(key, mail, failure);
            } else {
                Duration backoff = Duration.ofSeconds(BACKOFF_SECONDS << (attempts - 1));
                scheduler.defer(assignment, now.plus(backoff));
                later(this::wake, backoff);
                LOGGER.info("MailPlex {}: {} could not be delivered to {} ({}); attempt {} of {}, next in {}", plex.asString(), key,
                    assignment.operator(), failure.toString(), attempts, MAIL_ATTEMPTS, backoff);
            }
            return Outcome.MAIL_FAILED;
        }
        scheduler.fail(assignment);
        scheduler.markUnavailable(assignment.operator());
        LOGGER.error("MailPlex {} could not deliver {} to {}; the mail stays parked and {} gets nothing until the next tick",
            plex.asString(), key, assignment.operator(), assignment.operator(), failure);
        return Outcome.OPERATOR_FAILED;
    }

    /** Over quota, unreadable, or too much for memory: it would fail for every operator. */
    private static boolean isTheMails(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OperatorMailboxes.NotAUserException) {
                return false;
            }
            if (cause instanceof OverQuotaException || cause instanceof MimeException || cause instanceof IOException
                || cause instanceof Error) {
                return true;
            }
        }
        return false;
    }

    /** Moves the mail to the stuck repository, where an admin sees it; it stays in the queue when that fails. */
    private void setAside(String key, Mail mail, Throwable failure) {
        try {
            stuck.park(mail, key, Date.from(clock.instant()));
            scheduler.forget(key);
            mailFailures.remove(key);
            removeFromQueue(key);
            LOGGER.warn("MailPlex {}: no operator could take {} ({} attempts, last: {}); set aside in {}", plex.asString(), key,
                MAIL_ATTEMPTS, failure.toString(), configuration.stuckRepositoryUrl().asString());
            listener.setAside(key);
        } catch (Exception | Error e) {
            LOGGER.error("MailPlex {} could not set {} aside; it stays in the queue", plex.asString(), key, e);
        }
    }

    private void removeFromQueue(String key) {
        try {
            bounded(() -> {
                queue.remove(key);
                return null;
            });
        } catch (Exception e) {
            LOGGER.error("MailPlex {} delivered {} but could not remove it from its queue; the next start finds it delivered",
                plex.asString(), key, e);
        }
    }

    private void markDelivered(ReleaseJournal.Delivery delivery) {
        try {
            journal.delivered(delivery);
        } catch (IOException e) {
            LOGGER.error("MailPlex {} could not mark {} delivered in its release journal; the next start looks for it in the mailbox of {}",
                plex.asString(), delivery.key(), delivery.operator(), e);
        }
    }

    /**
     * Test only: {@code -Dmailplex.test.releaseWindowMillis=N} waits N ms between marking a mail
     * delivered and taking it out of the queue, so a crash test can kill James inside that window.
     */
    private static void pauseInReleaseWindow() {
        if (RELEASE_WINDOW_MILLIS > 0) {
            try {
                Thread.sleep(RELEASE_WINDOW_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void endJournal(String key) {
        try {
            journal.end(key);
        } catch (IOException e) {
            LOGGER.warn("MailPlex {} could not end {} in its release journal; the next start checks it again", plex.asString(), key, e);
        }
    }

    private void notifyReleased(Release release) {
        try {
            listener.released(release);
        } catch (RuntimeException e) {
            LOGGER.warn("MailPlex {} release listener failed for {}", plex.asString(), release.key(), e);
        }
    }

    private static Optional<String> messageId(Mail mail) {
        try {
            return Optional.ofNullable(mail.getMessage().getMessageID());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Runs {@code task} on the loop thread and waits for it at most {@code timeout}. */
    <T> T onLoop(Callable<T> task, Duration timeout) {
        Future<T> future = loop.submit(task);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new IllegalStateException("MailPlex " + plex.asString() + " release loop did not answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
