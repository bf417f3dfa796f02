package org.mailplex.james;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
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

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.Mail;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Assignment;
import org.mailplex.core.PlexScheduler;
import org.mailplex.core.QueueKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableMap;

/**
 * The one thread that releases a plex's parked mail, and everything it does: woken by a parked
 * mail, by a change in an operator's mailbox, and by a reconcile tick that re-reads every held count
 * through the mailbox API, the source of truth.
 *
 * <p>A release appends the mail to the operator's watched mailbox and only then removes it from
 * the queue: never lost. Nothing thrown stops the loop or its tick: a failed release hands the mail
 * back to the queue at its place, and the next tick tries again. Admin actions run on the same
 * thread ({@link #onLoop}), so no release races them.</p>
 */
final class ReleaseLoop {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReleaseLoop.class);

    /** Told of what the loop did; called on the loop thread, so it must be quick. */
    interface Listener {
        /** The mail is in the operator's mailbox and out of the queue. */
        void released(Release release);

        /** The queue answered nothing for a mail the scheduler held as parked. */
        void vanished(String key);
    }

    private final MailAddress plex;
    private final PlexConfiguration configuration;
    private final PlexScheduler scheduler;
    private final ParkedQueue queue;
    private final OperatorMailboxes mailboxes;
    private final ImmutableMap<String, Username> usernames;
    private final Clock clock;
    private final Listener listener;
    private final Runnable onTick;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean wakeQueued = new AtomicBoolean(false);
    private final ScheduledExecutorService loop;

    ReleaseLoop(PlexConfiguration configuration, PlexScheduler scheduler, ParkedQueue queue, OperatorMailboxes mailboxes,
                ImmutableMap<String, Username> usernames, Clock clock, Listener listener, Runnable onTick) {
        this.plex = configuration.account();
        this.configuration = configuration;
        this.scheduler = scheduler;
        this.queue = queue;
        this.mailboxes = mailboxes;
        this.usernames = usernames;
        this.clock = clock;
        this.listener = listener;
        this.onTick = onTick;
        this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mailplex-" + plex.asString());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code first} on the loop, then releases on every wake and tick. */
    void start(Runnable first) {
        loop.execute(guarded("start", first));
        long interval = configuration.reconcileInterval().toMillis();
        loop.scheduleWithFixedDelay(guarded("reconcile tick", this::reconcile), 0, interval, TimeUnit.MILLISECONDS);
    }

    void stop() {
        loop.shutdownNow();
        try {
            if (!loop.awaitTermination(10, TimeUnit.SECONDS)) {
                LOGGER.warn("MailPlex {} release loop did not stop within 10 s", plex.asString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code task} later on the loop, retried on failure by the caller's own means. */
    void later(Runnable task, Duration delay) {
        loop.schedule(guarded("delayed task", task), delay.toMillis(), TimeUnit.MILLISECONDS);
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
            if (next.isEmpty() || release(next.get()) == Outcome.QUEUE_FAILED) {
                return;
            }
        }
    }

    /** What became of one release. */
    enum Outcome {
        /** In the operator's mailbox, out of the queue. */
        RELEASED,
        /** The queue had no such mail any more; the scheduler forgot it. */
        VANISHED,
        /** Delivery failed; the mail waits again at its place. */
        DELIVERY_FAILED,
        /** The queue could not be read; the mail waits again and the pass stops. */
        QUEUE_FAILED
    }

    /** Everything read in one pass is observed at one instant: operators found free together tie, and roster order decides. */
    private void refreshDirty(Instant now) {
        Iterator<String> iterator = dirty.iterator();
        while (iterator.hasNext()) {
            String operator = iterator.next();
            iterator.remove();
            try {
                scheduler.observe(operator, mailboxes.held(usernames.get(operator), configuration.mailbox(), configuration.busyWhen()), now);
            } catch (Exception e) {
                LOGGER.warn("MailPlex {} could not read the mailbox of {}; keeping its last known state", plex.asString(), operator, e);
            }
        }
    }

    /** Delivers one assignment; on any failure the mail waits again at its place. */
    Outcome release(Assignment assignment) {
        String key = assignment.key();
        Mail mail;
        try {
            Optional<Mail> parked = queue.retrieve(key);
            if (parked.isEmpty()) {
                scheduler.fail(assignment);
                scheduler.forget(key);
                LOGGER.info("Parked mail {} of plex {} is gone from the queue (removed by an admin?)", key, plex.asString());
                listener.vanished(key);
                return Outcome.VANISHED;
            }
            mail = parked.get();
        } catch (Throwable e) {
            scheduler.fail(assignment);
            LOGGER.error("MailPlex {} cannot read parked mail {}; stopping this pass, the next tick retries", plex.asString(), key, e);
            return Outcome.QUEUE_FAILED;
        }
        Instant now = clock.instant();
        Optional<String> messageId;
        try {
            messageId = messageId(mail);
            Instant parkedAt = QueueKeys.parkedAt(key).orElse(now);
            byte[] trace = TraceHeaders.lines(plex, assignment.operator(), key, parkedAt);
            mailboxes.deliver(usernames.get(assignment.operator()), configuration.mailbox(), new TracedMessage(trace, mail.getMessage()),
                Date.from(now));
        } catch (Throwable e) {
            scheduler.fail(assignment);
            scheduler.markUnavailable(assignment.operator());
            LOGGER.error("MailPlex {} could not deliver {} to {}; the mail stays parked and {} gets nothing until the next tick",
                plex.asString(), key, assignment.operator(), assignment.operator(), e);
            return Outcome.DELIVERY_FAILED;
        } finally {
            LifecycleUtil.dispose(mail);
        }
        Duration waited = QueueKeys.parkedAt(key).map(parkedAt -> Duration.between(parkedAt, now)).orElse(Duration.ZERO);
        // Logged before the removal: a crash between the two leaves the mail parked, to be delivered again.
        LOGGER.info("Released {} of plex {} to {} after {}", key, plex.asString(), assignment.operator(), waited);
        scheduler.complete(assignment);
        removeDelivered(key);
        try {
            listener.released(new Release(key, assignment.operator(), messageId, now, waited));
        } catch (RuntimeException e) {
            LOGGER.warn("MailPlex {} release listener failed for {}", plex.asString(), key, e);
        }
        return Outcome.RELEASED;
    }

    private void removeDelivered(String key) {
        try {
            queue.remove(key);
        } catch (MessagingException | RuntimeException e) {
            LOGGER.error("MailPlex {} delivered {} but could not remove it from its queue; it will be delivered again after a restart",
                plex.asString(), key, e);
        }
    }

    private static Optional<String> messageId(Mail mail) {
        try {
            return Optional.ofNullable(mail.getMessage().getMessageID());
        } catch (MessagingException e) {
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
