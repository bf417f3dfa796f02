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

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.Mail;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Assignment;
import org.mailplex.core.PlexEvents;
import org.mailplex.core.PlexScheduler;
import org.mailplex.core.QueueKeys;
import org.mailplex.core.Release;
import org.mailplex.core.StepPauses;
import org.mailplex.mailbox.OperatorMailboxes;
import org.mailplex.mailbox.SharedMailboxes;
import org.mailplex.queue.ParkedQueue;
import org.mailplex.queue.StuckMails;
import org.mailplex.reclaim.AwayOperators;
import org.mailplex.state.ReleaseJournalStore;
import org.mailplex.trace.DeliveryHeaders;
import org.mailplex.trace.MessageBinding;
import org.mailplex.trace.Reclaims;
import org.mailplex.trace.TraceHeaders;
import org.mailplex.trace.TraceSigner;
import org.mailplex.trace.TracedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.primitives.Bytes;

/**
 * Releases one assignment, on the release loop's thread: reads the parked mail, journals the
 * release, appends the mail to the operator's watched mailbox, marks it delivered, and only then
 * removes it from the queue. On any failure the mail waits again, at its place, or aside when it is
 * the mail's fault (see {@link MailFailures}).
 *
 * <p>Longer than most classes here on purpose: one release is one sequence of steps whose order is
 * the guarantee (read, journal, append, mark delivered, remove, end), and it reads top to bottom
 * in one place. Failure policy lives in {@link MailFailures}, stuck mails in {@link StuckMails}.</p>
 */
public final class Releaser {
    private static final Logger LOGGER = LoggerFactory.getLogger(Releaser.class);


    /** What became of one release. */
    public enum Outcome {
        /** In the operator's mailbox, out of the queue. */
        RELEASED,
        /** Still being delivered after the call timeout; settled when the call ends. */
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

    /** What the releaser needs from its loop. */
    interface Loop {
        /** Runs {@code task} on the loop thread. */
        void execute(Runnable task);

        /** Runs a release pass after {@code delay}. */
        void wakeAfter(Duration delay);

        /** Whether this node may release (on several nodes: the plex's lease). */
        ReleaseGate gate();
    }

    private final MailAddress plex;
    private final PlexConfiguration configuration;
    private final PlexScheduler scheduler;
    private final ParkedQueue queue;
    private final StuckMails stuck;
    private final ReleaseJournalStore journal;
    private final OperatorMailboxes mailboxes;
    private final SharedMailboxes shared;
    private final Map<String, Username> usernames;
    private final AwayOperators away;
    private final Clock clock;
    /** Durations (deferrals, the rule's free-since) are measured on it, not on the wall clock. */
    private final Clock steady;
    private final PlexEvents events;
    private final StepPauses pauses;
    private final BoundedCalls calls;
    private final Loop loop;
    private final TraceSigner signer;
    private final MailFailures mailFailures = new MailFailures();
    private final QueueRemovals removals;
    private final OperatorRefusals refusals;
    private final AmbiguousDeliveries ambiguous;

    Releaser(ReleaseParts parts, BoundedCalls calls, Loop loop) {
        this.plex = parts.configuration.account();
        this.configuration = parts.configuration;
        this.scheduler = parts.scheduler;
        this.queue = parts.queue;
        this.stuck = parts.stuck;
        this.journal = parts.journal;
        this.mailboxes = parts.mailboxes;
        this.shared = parts.shared;
        this.usernames = parts.usernames;
        this.away = parts.away;
        this.clock = parts.clock;
        this.events = parts.events;
        this.pauses = parts.pauses;
        this.calls = calls;
        this.loop = loop;
        this.signer = parts.signer;
        this.removals = new QueueRemovals(plex.asString(), queue, journal, calls);
        this.steady = parts.steady;
        this.refusals = new OperatorRefusals(plex.asString(), scheduler, steady, configuration.reconcileInterval());
        this.ambiguous = new AmbiguousDeliveries(plex.asString(), mailboxes, usernames, configuration.mailbox(), calls);
    }

    OperatorRefusals refusals() {
        return refusals;
    }

    QueueRemovals removals() {
        return removals;
    }

    /**
     * What {@code operator} holds in the watched mailbox now, read through the mailbox API within the
     * call timeout; the notices a reclaim left there are not mail they hold.
     */
    long held(String operator) throws Exception {
        return calls.call("held count of " + operator, () -> mailboxes.held(usernames.get(operator), configuration.mailbox(),
            configuration.busyWhen(), away.notices(operator)));
    }

    Outcome release(Assignment assignment) {
        String key = assignment.key();
        Optional<Mail> parked;
        try {
            parked = calls.call(() -> queue.retrieve(key));
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
            events.vanished(plex.asString(), key);
            return Outcome.STOP;
        }
        Mail mail = parked.get();
        Optional<Semaphore> permit = Optional.empty();
        boolean handedOver = false;
        try {
            Instant now = clock.instant();
            Optional<String> mayHaveReached = ambiguous.uncheckedOperator(key);
            if (mayHaveReached.isPresent()) {
                Optional<Outcome> known = settleUnchecked(assignment, mail, mayHaveReached.get(), now);
                if (known.isPresent()) {
                    return known.get();
                }
            }
            permit = shared.permit(usernames.get(assignment.operator()), configuration.mailbox());
            Optional<Outcome> refused = reserve(assignment, permit, now);
            if (refused.isPresent()) {
                permit = Optional.empty();
                return refused.get();
            }
            if (!loop.gate().admit(key, assignment.operator())) {
                scheduler.fail(assignment);
                LOGGER.info("MailPlex {}: this node no longer holds the plex's lease; {} is left to the holder", plex.asString(), key);
                return Outcome.STOP;
            }
            journal.begin(key, assignment.operator());
            CompletableFuture<Void> delivery = calls.start(() -> mailboxes.deliver(usernames.get(assignment.operator()),
                configuration.mailbox(), new TracedMessage(trace(assignment, mail, now), mail.getMessage()), Date.from(now)));
            try {
                delivery.get(calls.timeout().toMillis(), TimeUnit.MILLISECONDS);
                return settle(assignment, mail, null, now);
            } catch (ExecutionException e) {
                return settle(assignment, mail, unwrap(e.getCause()), now);
            } catch (TimeoutException e) {
                LOGGER.warn("MailPlex {}: delivering {} to {} takes longer than {}; it stays assigned until the call ends",
                    plex.asString(), key, assignment.operator(), calls.timeout());
                settleLater(assignment, mail, permit, delivery, now);
                handedOver = true;
                return Outcome.PENDING;
            }
        } catch (IOException e) {
            scheduler.fail(assignment);
            LOGGER.error("MailPlex {} cannot write its release journal {}; stopping this pass", plex.asString(), journal.where(), e);
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
     * Return-Path and Delivered-To as James's local delivery writes them, then the trace: one {@code
     * X-MailPlex-Reclaimed} line per time the mail was taken back, then the usual lines.
     */
    private byte[] trace(Assignment assignment, Mail mail, Instant now) {
        return Bytes.concat(DeliveryHeaders.lines(mail.getMaybeSender(), assignment.operator()),
            TraceHeaders.lines(Reclaims.of(mail), plex, assignment.operator(), assignment.key(), QueueKeys.parkedAt(assignment.key()).orElse(now),
            signer.sign(plex.asString(), assignment.key(), binding(mail))));
    }

    /** The signature is bound to the message it is made for ({@link MessageBinding}). */
    private static String binding(Mail mail) {
        try {
            return MessageBinding.of(mail.getMessage());
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot read the header of " + mail.getName(), e);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** A delivery that outlasted the timeout: its operator keeps holding it until it ends, then it is settled on the loop. */
    private void settleLater(Assignment assignment, Mail mail, Optional<Semaphore> permit, CompletableFuture<Void> delivery,
                             Instant now) {
        delivery.whenComplete((done, failure) -> loop.execute(() -> {
            try {
                settle(assignment, mail, failure == null ? null : unwrap(failure), now);
            } finally {
                permit.ifPresent(Semaphore::release);
                LifecycleUtil.dispose(mail);
                loop.wakeAfter(Duration.ZERO);
            }
        }));
    }

    /**
     * For a mailbox other plexes watch too: takes its permit and re-reads its held count. Empty
     * when the delivery may go ahead (the permit is then held); otherwise what to do instead.
     */
    private Optional<Outcome> reserve(Assignment assignment, Optional<Semaphore> permit, Instant now) throws InterruptedException {
        if (permit.isEmpty()) {
            return Optional.empty();
        }
        if (!permit.get().tryAcquire(calls.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            scheduler.fail(assignment);
            LOGGER.warn("MailPlex {}: another plex is still delivering to {}; retrying later", plex.asString(), assignment.operator());
            return Optional.of(Outcome.STOP);
        }
        try {
            long held = held(assignment.operator());
            if (held < scheduler.roster().capacity(assignment.operator())) {
                return Optional.empty();
            }
            scheduler.fail(assignment);
            scheduler.observe(assignment.operator(), held, steady.instant());
            permit.get().release();
            return Optional.of(Outcome.OPERATOR_BUSY);
        } catch (Exception e) {
            scheduler.fail(assignment);
            permit.get().release();
            LOGGER.warn("MailPlex {} could not read the mailbox of {}; retrying later", plex.asString(), assignment.operator(), e);
            return Optional.of(Outcome.STOP);
        }
    }

    /**
     * A mail whose last delivery failed ambiguously and could not be looked for: looks again in the
     * mailbox it may have reached. Empty when it is not there (it is released as usual).
     */
    private Optional<Outcome> settleUnchecked(Assignment assignment, Mail mail, String operator, Instant now) {
        AmbiguousDeliveries.Found found = ambiguous.look(assignment.key(), operator);
        if (found == AmbiguousDeliveries.Found.NOT_DELIVERED) {
            return Optional.empty();
        }
        if (found == AmbiguousDeliveries.Found.UNKNOWN) {
            scheduler.defer(assignment, steady.instant().plus(configuration.reconcileInterval()));
            loop.wakeAfter(configuration.reconcileInterval());
            return Optional.of(Outcome.MAIL_FAILED);
        }
        scheduler.fail(assignment);
        scheduler.forget(assignment.key());
        Release release = new Release(assignment.key(), operator, messageId(mail), now);
        LOGGER.info("Released {} of plex {} to {}: found in the mailbox after an ambiguous failure", assignment.key(), plex.asString(),
            operator);
        mailFailures.forget(assignment.key());
        markDelivered(release);
        removals.remove(release);
        notifyReleased(release);
        return Optional.of(Outcome.RELEASED);
    }

    /** Settles a delivery: {@code outcome} is null when the mail is in the operator's mailbox. */
    private Outcome settle(Assignment assignment, Mail mail, Throwable outcome, Instant now) {
        String key = assignment.key();
        Throwable failure = outcome;
        if (failure != null && AmbiguousDeliveries.isAmbiguous(failure)) {
            AmbiguousDeliveries.Found found = ambiguous.look(key, assignment.operator());
            if (found == AmbiguousDeliveries.Found.DELIVERED) {
                LOGGER.warn("MailPlex {}: delivering {} to {} failed ({}) after the mailbox stored it; it counts as delivered",
                    plex.asString(), key, assignment.operator(), failure.toString());
                failure = null;
            } else if (found == AmbiguousDeliveries.Found.UNKNOWN) {
                // its journal entry stays begun: a restart looks for it too
                scheduler.defer(assignment, steady.instant().plus(configuration.reconcileInterval()));
                loop.wakeAfter(configuration.reconcileInterval());
                return Outcome.MAIL_FAILED;
            }
        }
        if (failure == null) {
            Release release = new Release(key, assignment.operator(), messageId(mail), now);
            LOGGER.info("Released {} of plex {} to {} after {}", key, plex.asString(), assignment.operator(), release.waited());
            scheduler.complete(assignment);
            mailFailures.forget(key);
            refusals.delivered(assignment.operator());
            markDelivered(release);
            pauses.afterDelivered(plex.asString(), key);
            removals.remove(release);
            notifyReleased(release);
            return Outcome.RELEASED;
        }
        endJournal(key);
        if (MailFailures.isRefusal(failure)) {
            if (refusals.refused(assignment, failure)) {
                setAside(key, failure);
            }
            return Outcome.OPERATOR_FAILED;
        }
        if (!MailFailures.isTheMails(failure)) {
            scheduler.fail(assignment);
            scheduler.markUnavailable(assignment.operator());
            LOGGER.error("MailPlex {} could not deliver {} to {}; the mail stays parked and {} gets nothing until the next tick",
                plex.asString(), key, assignment.operator(), assignment.operator(), failure);
            return Outcome.OPERATOR_FAILED;
        }
        Optional<Duration> backoff = mailFailures.failed(key);
        if (backoff.isPresent()) {
            scheduler.defer(assignment, steady.instant().plus(backoff.get()));
            loop.wakeAfter(backoff.get());
            LOGGER.info("MailPlex {}: {} could not be delivered to {} ({}); attempt {} of {}, next in {}", plex.asString(), key,
                assignment.operator(), failure.toString(), mailFailures.attempts(key), MailFailures.ATTEMPTS, backoff.get());
        } else {
            scheduler.fail(assignment);
            setAside(key, failure);
        }
        return Outcome.MAIL_FAILED;
    }

    /**
     * Moves the mail to the stuck repository, where an admin sees it, within {@code callTimeout}
     * (read again from the queue: the call may outlast this release); it stays in the queue when that
     * fails or is still running, and a set-aside still running for it refuses the next at once.
     */
    private void setAside(String key, Throwable failure) {
        try {
            boolean moved = calls.call("set aside " + key,
                () -> stuck.setAside(key, StuckMails.noOperatorCouldTake(MailFailures.ATTEMPTS, failure)));
            scheduler.forget(key);
            if (!moved) {
                LOGGER.warn("MailPlex {}: {} was no longer in the queue when it was to be set aside", plex.asString(), key);
                return;
            }
            LOGGER.warn("MailPlex {}: no operator could take {} ({} attempts, last: {}); set aside in {}", plex.asString(), key,
                MailFailures.ATTEMPTS, failure.toString(), configuration.stuckRepositoryUrl().asString());
        } catch (Exception | Error e) {
            LOGGER.error("MailPlex {} could not set {} aside; it stays in the queue", plex.asString(), key, e);
        }
    }

    private void markDelivered(Release release) {
        try {
            journal.delivered(release);
        } catch (IOException e) {
            LOGGER.error("MailPlex {} could not mark {} delivered in its release journal; the next start looks for it in the mailbox of {}",
                plex.asString(), release.key(), release.operator(), e);
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
            events.released(plex.asString(), release);
        } catch (RuntimeException e) {
            LOGGER.warn("MailPlex {} release subscriber failed for {}", plex.asString(), release.key(), e);
        }
    }

    private static Optional<String> messageId(Mail mail) {
        try {
            return Optional.ofNullable(mail.getMessage().getMessageID());
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
