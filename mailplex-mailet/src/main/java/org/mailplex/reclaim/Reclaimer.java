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
package org.mailplex.reclaim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.Content;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.BoundedKeys;
import org.mailplex.core.CallBound;
import org.mailplex.core.LogText;
import org.mailplex.core.PlexEvents;
import org.mailplex.core.PlexScheduler;
import org.mailplex.core.QueueKeys;
import org.mailplex.core.StepPauses;
import org.mailplex.mailbox.OperatorMailboxes;
import org.mailplex.matcher.MailPlexHeaders;
import org.mailplex.queue.ParkedQueue;
import org.mailplex.state.Notice;
import org.mailplex.state.ReclaimJournalStore;
import org.mailplex.trace.DeliveryHeaders;
import org.mailplex.trace.MessageBinding;
import org.mailplex.trace.Reclaims;
import org.mailplex.trace.TraceHeaders;
import org.mailplex.trace.TraceSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back the mail of a plex that an operator never opened within {@code reclaimAfter}, on the
 * release loop's thread: puts it back into the queue under its original key (so it goes out
 * before every younger mail), only then removes it from the operator's mailbox, marks the
 * operator away and leaves them a notice. Each reclaim is journalled ({@link ReclaimJournalStore}): a
 * crash in between is finished at the next start ({@link #finishInterrupted}), so the mail is in
 * one place, never two, never none.
 *
 * <p>Only mail this plex delivered is taken back (its trace names the plex with a genuine
 * signature), and only while it is neither seen, flagged, answered nor deleted; after
 * {@code maxReclaims} reclaims a mail stays where it is.</p>
 */
public final class Reclaimer {
    /**
     * At most this many mails are taken back in one pass, the rest in the next passes (one per
     * reconcile tick at least): whatever happens to the clocks, a pass never empties every
     * operator's mailbox at once.
     */
    public static final int MAX_RECLAIMS_PER_PASS = 10;
    /** Releases of this run whose monotonic release time is remembered; older ones fall back on the mailbox's date. */
    static final int RELEASES_TIMED = 10_000;
    private static final Logger LOGGER = LoggerFactory.getLogger(Reclaimer.class);

    private final MailAddress plex;
    private final String name;
    private final PlexConfiguration configuration;
    private final PlexScheduler scheduler;
    private final ParkedQueue queue;
    private final ReclaimJournalStore journal;
    private final OperatorMailboxes mailboxes;
    private final Map<String, Username> usernames;
    private final AwayOperators away;
    private final TraceSigner signer;
    private final Clock clock;
    private final PlexEvents events;
    private final StepPauses pauses;
    private final CallBound calls;
    private final Loop loop;
    /** Mails past maxReclaims, remembered to say so once each; the newest 10,000 at most. */
    private final BoundedKeys keptForGood = new BoundedKeys(10_000);
    /** Reclaims waiting for a call that outlasted callTimeout (loop thread only): not begun again meanwhile. */
    private final Set<String> settling = new HashSet<>();
    /** Operators whose notice is still being appended after callTimeout (loop thread only): no second one meanwhile. */
    private final Set<String> noticePending = new HashSet<>();
    /** When each mail this run released was released, on the steady clock; the newest {@value #RELEASES_TIMED}. */
    private final Map<String, Instant> releasedAt = Collections.synchronizedMap(
        new LinkedHashMap<String, Instant>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > RELEASES_TIMED;
            }
        });
    private final Clock steady;

    private Reclaimer(Builder builder) {
        this.configuration = Objects.requireNonNull(builder.configuration, "configuration");
        this.plex = configuration.account();
        this.name = plex.asString();
        this.scheduler = Objects.requireNonNull(builder.scheduler, "scheduler");
        this.queue = Objects.requireNonNull(builder.queue, "queue");
        this.journal = Objects.requireNonNull(builder.journal, "journal");
        this.mailboxes = Objects.requireNonNull(builder.mailboxes, "mailboxes");
        this.usernames = Objects.requireNonNull(builder.usernames, "usernames");
        this.away = Objects.requireNonNull(builder.away, "away");
        this.signer = Objects.requireNonNull(builder.signer, "signer");
        this.clock = Objects.requireNonNull(builder.clock, "clock");
        this.events = Objects.requireNonNull(builder.events, "events");
        this.pauses = Objects.requireNonNull(builder.pauses, "pauses");
        this.calls = Objects.requireNonNull(builder.calls, "calls");
        this.loop = Objects.requireNonNull(builder.loop, "loop");
        this.steady = builder.steady != null ? builder.steady : clock;
    }

    /**
     * {@code key} was released at {@code releasedAt} (wall clock), moments ago: its age is measured on
     * the steady clock from then on.
     */
    public void released(String key, Instant releasedAt) {
        Duration since = Duration.between(releasedAt, clock.instant());
        this.releasedAt.put(key, steady.instant().minus(since.isNegative() ? Duration.ZERO : since));
    }

    /** What the reclaimer needs of its plex's release loop, to finish a reclaim whose call outlasted {@code callTimeout}. */
    public interface Loop {
        /** Runs {@code task} on the loop thread. */
        void execute(Runnable task);

        /** Runs a release pass soon. */
        void wake();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every part is required but the pauses: {@link #build()} names the one missing. */
    public static final class Builder {
        private PlexConfiguration configuration;
        private PlexScheduler scheduler;
        private ParkedQueue queue;
        private ReclaimJournalStore journal;
        private OperatorMailboxes mailboxes;
        private Map<String, Username> usernames;
        private AwayOperators away;
        private TraceSigner signer;
        private Clock clock;
        private PlexEvents events;
        private StepPauses pauses = StepPauses.NONE;
        private CallBound calls;
        private Loop loop;
        private Clock steady;

        public Builder configuration(PlexConfiguration configuration) {
            this.configuration = configuration;
            return this;
        }

        public Builder scheduler(PlexScheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        public Builder queue(ParkedQueue queue) {
            this.queue = queue;
            return this;
        }

        public Builder journal(ReclaimJournalStore journal) {
            this.journal = journal;
            return this;
        }

        public Builder mailboxes(OperatorMailboxes mailboxes) {
            this.mailboxes = mailboxes;
            return this;
        }

        public Builder usernames(Map<String, Username> usernames) {
            this.usernames = usernames;
            return this;
        }

        public Builder away(AwayOperators away) {
            this.away = away;
            return this;
        }

        public Builder signer(TraceSigner signer) {
            this.signer = signer;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder events(PlexEvents events) {
            this.events = events;
            return this;
        }

        public Builder pauses(StepPauses pauses) {
            this.pauses = pauses;
            return this;
        }

        /** The plex's bound on mailbox and repository calls. */
        public Builder calls(CallBound calls) {
            this.calls = calls;
            return this;
        }

        /** The clock reclaimAfter is measured on ({@link org.mailplex.core.SteadyClock}); the wall clock when not given. */
        public Builder steady(Clock steady) {
            this.steady = steady;
            return this;
        }

        public Builder loop(Loop loop) {
            this.loop = loop;
            return this;
        }

        public Reclaimer build() {
            return new Reclaimer(this);
        }
    }

    /**
     * Takes back every mail now due, {@value #MAX_RECLAIMS_PER_PASS} at most; returns how many.
     * Nothing thrown: a failure is logged and retried at the next pass.
     *
     * <p>A mail is due once it has stayed unopened {@code reclaimAfter} on the steady clock: since
     * its release for a mail this run released, since its date in the mailbox (carried on from this
     * run's start) for an older one. A wall-clock step makes nothing due.</p>
     */
    public int reclaimDue() {
        if (!scheduler.roster().reclaims()) {
            return 0;
        }
        Instant now = clock.instant();
        Instant steadyNow = steady.instant();
        Instant latest = now.isAfter(steadyNow) ? now : steadyNow;
        int reclaimed = 0;
        int due = 0;
        for (String operator : scheduler.roster().operators()) {
            Optional<Duration> after = scheduler.roster().reclaimAfter(operator);
            if (after.isEmpty()) {
                continue;
            }
            List<OperatorMailboxes.Unopened> unopened;
            try {
                Instant before = latest.minus(after.get());
                unopened = calls.call("unopened mail of " + operator,
                    () -> mailboxes.unopenedBefore(usernames.get(operator), configuration.mailbox(), before));
            } catch (Exception e) {
                LOGGER.warn("MailPlex {} could not look for unopened mail of {}; the next pass retries", name, operator, e);
                continue;
            }
            for (OperatorMailboxes.Unopened mail : unopened) {
                Optional<String> key = ownKey(mail);
                if (key.isEmpty() || steadyAge(key.get(), mail, steadyNow).compareTo(after.get()) < 0 || !mayReclaim(key.get(), mail)) {
                    continue;
                }
                if (due++ >= MAX_RECLAIMS_PER_PASS) {
                    continue;
                }
                if (reclaim(operator, key.get(), mail, now, true)) {
                    reclaimed++;
                }
            }
        }
        if (due > MAX_RECLAIMS_PER_PASS) {
            LOGGER.warn("MailPlex {}: {} unopened mail(s) due to be taken back; {} at most a pass, the next passes take the rest", name,
                due, MAX_RECLAIMS_PER_PASS);
        }
        return reclaimed;
    }

    /** How long {@code mail} has been with its operator, on the steady clock. */
    private Duration steadyAge(String key, OperatorMailboxes.Unopened mail, Instant steadyNow) {
        Instant since = releasedAt.getOrDefault(key, mail.deliveredAt());
        return Duration.between(since, steadyNow);
    }

    /**
     * Her shift ended or her absence started: takes back every mail of this plex {@code operator}
     * never opened, to its place in the queue, with no notice and no away (she is simply not
     * working); returns how many. Nothing thrown.
     */
    public int reclaimUnopened(String operator) {
        Instant now = clock.instant();
        List<OperatorMailboxes.Unopened> unopened;
        try {
            Username username = username(operator);
            unopened = calls.call("unopened mail of " + operator,
                () -> mailboxes.unopenedBefore(username, configuration.mailbox(), now.plusMillis(1)));
        } catch (Exception e) {
            LOGGER.warn("MailPlex {} could not look for unopened mail of {} at the end of their shift", name, operator, e);
            return 0;
        }
        int reclaimed = 0;
        for (OperatorMailboxes.Unopened mail : unopened) {
            Optional<String> key = ownKey(mail);
            if (key.isPresent() && mayReclaim(key.get(), mail) && reclaim(operator, key.get(), mail, now, false)) {
                reclaimed++;
            }
        }
        return reclaimed;
    }

    /** The key of a mail this plex delivered: its trace names the plex, and the ticket's signature is genuine. */
    private Optional<String> ownKey(OperatorMailboxes.Unopened mail) {
        return signer.genuineTicket(name, mail.header(MailPlexHeaders.PLEX), mail.header(MailPlexHeaders.TICKET),
            mail.header(MailPlexHeaders.SIGNATURE), MessageBinding.of(mail::header)).filter(QueueKeys::isKey);
    }

    private boolean mayReclaim(String key, OperatorMailboxes.Unopened mail) {
        if (settling.contains(key)) {
            return false;
        }
        if (scheduler.isParked(key)) {
            LOGGER.warn("MailPlex {}: {} is in the queue and in a mailbox at once; it is not taken back", name, key);
            return false;
        }
        int reclaims = mail.header(MailPlexHeaders.RECLAIMED).size();
        if (reclaims >= configuration.reclaim().maxReclaims()) {
            if (keptForGood.add(key)) {
                LOGGER.info("MailPlex {}: {} was taken back {} time(s) already (maxReclaims {}); it stays where it is", name, key,
                    reclaims, configuration.reclaim().maxReclaims());
            }
            return false;
        }
        return true;
    }

    /** One reclaim under way: whose mail, which, when, and what it will carry back into the queue. */
    private static final class Taking {
        final String operator;
        final Username username;
        final String key;
        final OperatorMailboxes.Unopened mail;
        final Instant now;
        final boolean markAway;
        final List<String> reclaims = new ArrayList<>();

        Taking(String operator, Username username, String key, OperatorMailboxes.Unopened mail, Instant now, boolean markAway) {
            this.operator = operator;
            this.username = username;
            this.key = key;
            this.mail = mail;
            this.now = now;
            this.markAway = markAway;
        }
    }

    /**
     * Puts the mail back under its key, then takes it out of the mailbox; true when it was taken
     * back now. A step that outlasts {@code callTimeout} is finished on the loop when its call ends.
     */
    private boolean reclaim(String operator, String key, OperatorMailboxes.Unopened mail, Instant now, boolean markAway) {
        Taking taking = new Taking(operator, usernames.get(operator), key, mail, now, markAway);
        try {
            journal.begin(new ReclaimJournalStore.Open(key, operator, mail.location()));
        } catch (IOException e) {
            LOGGER.error("MailPlex {} cannot write its reclaim journal {}; {} stays with {}", name, journal.where(), key, operator, e);
            return false;
        }
        Optional<Content> content;
        try {
            content = calls.call(() -> mailboxes.unopenedContent(taking.username, mail.location()));
        } catch (Exception e) {
            end(key);
            LOGGER.error("MailPlex {} could not read {} in the mailbox of {}; it stays with them and the next pass retries", name, key,
                operator, e);
            return false;
        }
        if (content.isEmpty()) {
            end(key);
            return false;
        }
        taking.reclaims.add(Reclaims.entry(operator, now));
        taking.reclaims.addAll(mail.header(MailPlexHeaders.RECLAIMED));
        CompletableFuture<Boolean> parking = calls.supply(() -> {
            putBack(key, content.get(), taking.reclaims);
            return true;
        });
        return settle(taking, parking, "putting it back into the queue", (parked, failure) -> {
            if (failure != null) {
                end(key);
                LOGGER.error("MailPlex {} could not take {} back from {}; it stays with them and the next pass retries", name, key,
                    operator, failure);
                return false;
            }
            return takeOutOfMailbox(taking);
        });
    }

    /** The mail is back in the queue: out of the mailbox now, unless the operator opened or deleted it meanwhile. */
    private boolean takeOutOfMailbox(Taking taking) {
        pauses.afterPutBack(name, taking.key);
        CompletableFuture<OperatorMailboxes.Removal> removing = calls.supply(
            () -> mailboxes.removeUnopened(taking.username, taking.mail.location()));
        return settle(taking, removing, "taking it out of the mailbox", (removal, failure) -> {
            if (failure != null) {
                undo(taking.key, taking.operator, failure);
                return false;
            }
            try {
                return takenBack(taking, removal);
            } catch (RuntimeException e) {
                undo(taking.key, taking.operator, e);
                return false;
            }
        });
    }

    private boolean takenBack(Taking taking, OperatorMailboxes.Removal removal) {
        String key = taking.key;
        String operator = taking.operator;
        if (removal != OperatorMailboxes.Removal.REMOVED) {
            // opened, or deleted, by the operator in the meantime: it is theirs, and leaves the queue again
            if (outOfQueueAgain(key, operator, null)) {
                LOGGER.info("MailPlex {}: {} was {} by {} while being taken back; it stays with them", name, key,
                    removal == OperatorMailboxes.Removal.OPENED ? "opened" : "deleted", operator);
            }
            return false;
        }
        scheduler.reclaimed(key, operator, taking.markAway);
        Optional<String> messageId = taking.mail.header("Message-ID").stream().findFirst();
        LOGGER.info("MailPlex {}: {} stayed unopened by {} since {}; taken back to the queue{} (reclaim {} of at most {}), message-id={}",
            name, key, operator, taking.mail.deliveredAt(), taking.markAway ? "" : " as they are off duty", taking.reclaims.size(),
            configuration.reclaim().maxReclaims(), LogText.safe(messageId.orElse(null)));
        if (taking.markAway) {
            markAway(operator, key, taking.mail, taking.now);
        }
        end(key);
        events.reclaimed(name, key, operator, messageId.orElse(null));
        return true;
    }

    /**
     * Waits for {@code call} at most {@code callTimeout}, then hands its outcome to {@code then}.
     * Past the wait, the reclaim is left to the call's end: {@code then} runs on the loop when it
     * ends, and the mail is not taken back again meanwhile.
     */
    private <T> boolean settle(Taking taking, CompletableFuture<T> call, String step, BiFunction<T, Throwable, Boolean> then) {
        try {
            return then.apply(call.get(calls.timeout().toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (ExecutionException e) {
            return then.apply(null, unwrap(e.getCause()));
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            settling.add(taking.key);
            LOGGER.warn("MailPlex {}: {} of {} (from {}) takes longer than {}; the reclaim is finished when the call ends", name, step,
                taking.key, taking.operator, calls.timeout());
            call.whenComplete((result, failure) -> loop.execute(() -> {
                settling.remove(taking.key);
                if (then.apply(result, failure == null ? null : unwrap(failure))) {
                    loop.wake();
                }
            }));
            return false;
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /**
     * The mail is back in the queue but stays in the mailbox: out of the queue again and the reclaim
     * ended; true when done. When that fails, or outlasts the timeout, the reclaim stays open in the
     * journal and the next start finishes it; meanwhile it is not begun again.
     */
    private boolean outOfQueueAgain(String key, String operator, Throwable cause) {
        try {
            calls.call(() -> {
                queue.remove(key);
                return null;
            });
            end(key);
            if (cause != null) {
                LOGGER.error("MailPlex {} could not take {} out of the mailbox of {}; it stays with them", name, key, operator, cause);
            }
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            settling.add(key);
            LOGGER.error("MailPlex {} could not take {} out of the mailbox of {} nor out of the queue again; the next start finishes "
                + "the reclaim", name, key, operator, cause != null ? cause : e);
            return false;
        }
    }

    /** The mail is back in the queue but perhaps still in the mailbox: out of the queue again, or the next start finishes it. */
    private void undo(String key, String operator, Throwable cause) {
        outOfQueueAgain(key, operator, cause);
    }

    private void end(String key) {
        try {
            journal.end(key);
        } catch (IOException e) {
            LOGGER.warn("MailPlex {} could not end {} in its reclaim journal; the next start checks it again", name, key, e);
        }
    }

    /** Parks the delivered copy again without its trace (the parked bytes are the sender's), its reclaims in an attribute. */
    private void putBack(String key, Content content, List<String> reclaims) throws MessagingException {
        MimeMessageWrapper message = new MimeMessageWrapper(new MimeMessageSource() {
            @Override
            public String getSourceId() {
                return "mailplex-reclaimed-" + key;
            }

            @Override
            public InputStream getInputStream() throws IOException {
                return DeliveryHeaders.strip(content.getInputStream());
            }
        });
        MailImpl mail = MailImpl.builder()
            .name(key)
            .sender(DeliveryHeaders.returnPath(content).orElseGet(() -> sender(message)))
            .addRecipient(plex)
            .addAttribute(Reclaims.attribute(reclaims))
            .build();
        try {
            mail.setMessageNoCopy(message);
            queue.park(mail, key, Date.from(QueueKeys.parkedAt(key).orElse(clock.instant())));
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    /** A copy delivered without a Return-Path: the From address stands for the envelope sender, for admins listing the queue. */
    private static MaybeSender sender(MimeMessageWrapper message) {
        try {
            String[] from = message.getHeader("From");
            if (from != null && from.length > 0) {
                InternetAddress[] addresses = InternetAddress.parseHeader(from[0], false);
                if (addresses.length > 0) {
                    return MaybeSender.of(new MailAddress(addresses[0].getAddress()));
                }
            }
        } catch (Exception e) {
            LOGGER.debug("No sender address in the From of a reclaimed mail", e);
        }
        return MaybeSender.nullSender();
    }

    /** Away in every plex, and a notice in the mailbox telling the operator why and how to come back. */
    private void markAway(String operator, String key, OperatorMailboxes.Unopened mail, Instant now) {
        away.markAway(operator, now);
        leaveNotice(operator, key, Optional.of(mail), now);
    }

    /** Leaves the notice within {@code callTimeout}; one appended later is recorded when it is, and no second one meanwhile. */
    private void leaveNotice(String operator, String key, Optional<OperatorMailboxes.Unopened> mail, Instant now) {
        if (noticePending.contains(operator)) {
            return;
        }
        ByteContent content = new ByteContent(notice(operator, key, mail, now));
        Instant at = away.noticeTime(operator, now);
        CompletableFuture<Notice> leaving = calls.supply(
            () -> mailboxes.leaveNotice(username(operator), operator, configuration.mailbox(), content, at));
        try {
            away.noticeLeft(leaving.get(calls.timeout().toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            noticePending.add(operator);
            LOGGER.warn("MailPlex {}: leaving {} a notice takes longer than {}; it is recorded when the call ends", name, operator,
                calls.timeout());
            leaving.whenComplete((notice, failure) -> loop.execute(() -> {
                noticePending.remove(operator);
                if (failure == null) {
                    away.noticeLeft(notice);
                } else {
                    LOGGER.warn("MailPlex {} could not leave {} a notice; the next pass tries again", name, operator, unwrap(failure));
                }
            }));
        } catch (ExecutionException e) {
            LOGGER.warn("MailPlex {} could not leave {} a notice; the next pass tries again, and an admin can resume them", name,
                operator, unwrap(e.getCause()));
        }
    }

    /** Whether {@code operator} has a notice left since they went away. */
    private boolean hasNoticeSinceAway(String operator) {
        Optional<Instant> since = away.awaySince(operator);
        return since.isPresent() && away.notices(operator).stream().anyMatch(notice -> !notice.leftAt().isBefore(since.get()));
    }

    /**
     * A mailbox of {@code operator} changed: a notice read (seen) or deleted (flagged, or expunged)
     * by them brings them back; MailPlex never sets \Seen or \Deleted on a notice, so the change is theirs.
     * Notices no longer in their mailbox are forgotten, and so are those of an absence that is over
     * (the {@value OperatorMailboxes#NOTICE} keyword keeps them out of the held count): only the
     * notices of a current absence are remembered. An operator still away without a notice (its
     * mailbox was deleted, or it could not be left) is left a new one.
     */
    public void checkNotices(String operator) {
        Optional<Instant> since = away.awaySince(operator);
        for (Notice notice : away.notices(operator)) {
            try {
                OperatorMailboxes.NoticeStatus status = calls.call("notices of " + operator,
                    () -> mailboxes.notice(username(operator), notice));
                if (status == OperatorMailboxes.NoticeStatus.GONE || status == OperatorMailboxes.NoticeStatus.LOST) {
                    away.noticeGone(notice);
                }
                boolean announcesThisAbsence = since.isPresent() && !notice.leftAt().isBefore(since.get());
                if (announcesThisAbsence && status == OperatorMailboxes.NoticeStatus.READ) {
                    away.back(operator, "they read the notice");
                } else if (announcesThisAbsence && status == OperatorMailboxes.NoticeStatus.GONE) {
                    away.back(operator, "they deleted the notice");
                } else if (!announcesThisAbsence && (status == OperatorMailboxes.NoticeStatus.READ
                    || status == OperatorMailboxes.NoticeStatus.UNREAD)) {
                    // a notice of an absence that is over, kept by the operator: its keyword keeps it out of the held count
                    calls.call("notices of " + operator, () -> {
                        mailboxes.markNotice(username(operator), notice);
                        return null;
                    });
                    away.noticeGone(notice);
                }
            } catch (Exception e) {
                LOGGER.warn("MailPlex {} could not look at the notice left for {}; the next pass retries", name, operator, e);
            }
        }
        if (away.isAway(operator) && !hasNoticeSinceAway(operator) && !noticePending.contains(operator)
            && scheduler.roster().contains(operator)) {
            LOGGER.info("MailPlex {}: {} is away and has no notice in their mailbox; leaving a new one", name, operator);
            leaveNotice(operator, "", Optional.empty(), clock.instant());
        }
    }

    private Username username(String operator) throws Exception {
        Username username = usernames.get(operator);
        return username != null ? username : mailboxes.username(new MailAddress(operator));
    }

    private byte[] notice(String operator, String key, Optional<OperatorMailboxes.Unopened> mail, Instant now) {
        String subject = mail.flatMap(m -> m.header("Subject").stream().findFirst()).map(LogText::safe).orElse("(not known)");
        String messageId = mail.flatMap(m -> m.header("Message-ID").stream().findFirst()).map(LogText::safe).orElse("(not known)");
        String givenAt = mail.map(m -> TraceHeaders.DATE.format(m.deliveredAt())).orElse("(not known)");
        String domain = plex.getDomain().asString();
        String text = "From: MailPlex <" + name + ">\r\n"
            + "To: <" + operator + ">\r\n"
            + "Subject: MailPlex: you are away from " + name + " - delete or read this notice to receive mail again\r\n"
            + "Date: " + TraceHeaders.DATE.format(now) + "\r\n"
            + "Message-ID: <mailplex-away-" + (key.isEmpty() ? "" : key + ".") + now.toEpochMilli() + "@" + domain + ">\r\n"
            + MailPlexHeaders.NOTICE + ": away; " + name + "\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n"
            + "A mail MailPlex gave you from " + name + " stayed unopened in your " + configuration.mailbox() + " for "
            + scheduler.roster().reclaimAfter(operator).map(Duration::toString).orElse("too long") + ", so it went back to the\r\n"
            + "front of the queue for another operator:\r\n"
            + "\r\n"
            + "  Subject:    " + subject + "\r\n"
            + "  Message-ID: " + messageId + "\r\n"
            + "  Given to you: " + givenAt + "\r\n"
            + "  Taken back:   " + TraceHeaders.DATE.format(now) + "\r\n"
            + "\r\n"
            + "You are marked away: MailPlex gives you no new mail until you are back.\r\n"
            + "Delete or read this notice to receive mail again.\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * At start, before the queue is released: finishes the reclaims the last run began. A mail back
     * in the queue leaves the mailbox (or, if its operator opened it meanwhile, the queue); one
     * not back in the queue was never taken.
     */
    public void finishInterrupted(List<ReclaimJournalStore.Open> open, List<String> parked) throws Exception {
        for (ReclaimJournalStore.Open reclaim : open) {
            if (parked.contains(reclaim.key())) {
                // bounded like every mailbox and repository call: one that fails or hangs fails the start, which the loop retries
                Username username = username(reclaim.operator());
                OperatorMailboxes.Removal removal = calls.call(() -> mailboxes.removeUnopened(username, reclaim.location()));
                if (removal == OperatorMailboxes.Removal.OPENED) {
                    calls.call(() -> {
                        queue.remove(reclaim.key());
                        return null;
                    });
                    parked.remove(reclaim.key());
                    LOGGER.info("MailPlex {}: {} was being taken back from {} at the last stop and they opened it since; it stays "
                        + "with them", name, reclaim.key(), reclaim.operator());
                } else {
                    away.markAway(reclaim.operator(), clock.instant());
                    if (!hasNoticeSinceAway(reclaim.operator())) {
                        leaveNotice(reclaim.operator(), reclaim.key(), Optional.empty(), clock.instant());
                    }
                    LOGGER.info("MailPlex {}: {} was being taken back from {} at the last stop; the reclaim is finished", name,
                        reclaim.key(), reclaim.operator());
                }
            } else {
                LOGGER.info("MailPlex {}: {} was being taken back from {} at the last stop and never left their mailbox; it stays "
                    + "with them", name, reclaim.key(), reclaim.operator());
            }
            journal.end(reclaim.key());
        }
    }
}
