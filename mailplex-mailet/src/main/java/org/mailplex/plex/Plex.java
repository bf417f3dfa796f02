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

package org.mailplex.plex;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.mailet.Mail;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Assignment;
import org.mailplex.core.LogText;
import org.mailplex.core.OperatorState;
import org.mailplex.core.PlexEvents;
import org.mailplex.core.PlexScheduler;
import org.mailplex.core.QueueKeys;
import org.mailplex.core.Release;
import org.mailplex.core.Roster;
import org.mailplex.core.StepPauses;
import org.mailplex.lease.LeasedPlex;
import org.mailplex.lease.PlexFailover;
import org.mailplex.mailbox.OperatorMailbox;
import org.mailplex.mailbox.OperatorMailboxes;
import org.mailplex.mailbox.SharedMailboxes;
import org.mailplex.matcher.MailPlexHeaders;
import org.mailplex.queue.ParkedQueue;
import org.mailplex.queue.StuckMails;
import org.mailplex.reclaim.AwayOperators;
import org.mailplex.reclaim.Reclaimer;
import org.mailplex.release.ReleaseGate;
import org.mailplex.release.ReleaseLoop;
import org.mailplex.release.ReleaseParts;
import org.mailplex.release.Releaser;
import org.mailplex.state.ReclaimJournal;
import org.mailplex.state.ReleaseJournal;
import org.mailplex.trace.MessageBinding;
import org.mailplex.trace.TraceSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableMap;

/**
 * One plex at run time: its configuration, its rule ({@link PlexScheduler}), its queue
 * ({@link ParkedQueue}), its conversations and its {@link ReleaseLoop}. Parking happens on James's
 * spool threads; everything else on the loop.
 *
 * <p>Longer than most classes here because it is the plex's one entry point: parking on James's
 * spool threads, and each admin action as a short task on the release loop (so no release races
 * it). The work itself is in the collaborators.</p>
 */
public class Plex implements LeasedPlex, AwayOperators.Member {
    private static final Logger LOGGER = LoggerFactory.getLogger(Plex.class);
    /** Releases kept in the journal's history for {@link #recentReleases()}. */
    static final int RECENT_RELEASES = 10_000;

    private final PlexConfiguration configuration;
    private final String name;
    private final PlexScheduler scheduler;
    private final ParkedQueue queue;
    private final QueueKeys keys;
    private final PlexConversations conversations;
    private final StuckMails stuck;
    private final ReleaseJournal journal;
    private final OperatorMailboxes mailboxes;
    private final OperatorUsernames usernames;
    private final AtomicInteger finishedAtStart = new AtomicInteger();
    private final TraceSigner signer;
    private final PlexEvents events;
    /** What the last run left in the release journal, read before anything is released. */
    private ReleaseJournal.Recovery recovery;
    private final ReclaimJournal reclaimJournal;
    /** The reclaims the last run left open, read at start. */
    private List<ReclaimJournal.Open> openReclaims = List.of();
    private final Reclaimer reclaimer;
    private final AwayOperators away;
    private final ReleaseLoop loop;
    private final Clock clock;

    private Plex(Builder builder) {
        this.configuration = builder.configuration;
        this.name = configuration.account().asString();
        this.clock = builder.clock;
        this.scheduler = new PlexScheduler(configuration.roster(), clock, configuration.stickyExtra());
        this.queue = builder.queue;
        this.keys = new QueueKeys(clock);
        this.conversations = builder.conversations;
        this.stuck = new StuckMails(builder.stuck, queue, clock);
        this.signer = builder.signer;
        this.journal = builder.journal;
        this.mailboxes = builder.mailboxes;
        this.usernames = new OperatorUsernames(builder.usernames);
        this.reclaimJournal = builder.reclaimJournal;
        this.away = builder.away;
        this.events = builder.events.with(new OwnParts());
        this.reclaimer = Reclaimer.builder()
            .configuration(configuration).scheduler(scheduler).queue(queue).journal(reclaimJournal).mailboxes(mailboxes)
            .usernames(this.usernames).away(away).signer(signer).clock(clock).events(events).pauses(builder.pauses)
            .build();
        this.loop = new ReleaseLoop(ReleaseParts.builder()
            .configuration(configuration).scheduler(scheduler).queue(queue).stuck(stuck).journal(journal).mailboxes(mailboxes)
            .shared(builder.shared).usernames(this.usernames).away(away).clock(clock).events(events).signer(signer).pauses(builder.pauses)
            .build(), reclaimer, conversations::saveIfChanged);
    }

    /**
     * Assembles one plex: each of its parts (rule, queues, journals, reclaimer, release loop) is
     * built once, here, from what the service hands it.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** What a plex is assembled from; every part is required but the pauses. */
    public static final class Builder {
        private PlexConfiguration configuration;
        private ParkedQueue queue;
        private ParkedQueue stuck;
        private ReleaseJournal journal;
        private ReclaimJournal reclaimJournal;
        private OperatorMailboxes mailboxes;
        private SharedMailboxes shared;
        private ImmutableMap<String, Username> usernames;
        private PlexConversations conversations;
        private AwayOperators away;
        private Clock clock;
        private TraceSigner signer;
        private PlexEventStream events;
        private StepPauses pauses = StepPauses.NONE;

        public Builder configuration(PlexConfiguration configuration) {
            this.configuration = configuration;
            return this;
        }

        /** The queue the plex parks into. */
        public Builder queue(ParkedQueue queue) {
            this.queue = queue;
            return this;
        }

        /** The repository of its stuck mails. */
        public Builder stuck(ParkedQueue stuck) {
            this.stuck = stuck;
            return this;
        }

        public Builder journal(ReleaseJournal journal) {
            this.journal = journal;
            return this;
        }

        public Builder reclaimJournal(ReclaimJournal reclaimJournal) {
            this.reclaimJournal = reclaimJournal;
            return this;
        }

        public Builder mailboxes(OperatorMailboxes mailboxes) {
            this.mailboxes = mailboxes;
            return this;
        }

        public Builder shared(SharedMailboxes shared) {
            this.shared = shared;
            return this;
        }

        public Builder usernames(ImmutableMap<String, Username> usernames) {
            this.usernames = usernames;
            return this;
        }

        public Builder conversations(PlexConversations conversations) {
            this.conversations = conversations;
            return this;
        }

        public Builder away(AwayOperators away) {
            this.away = away;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder signer(TraceSigner signer) {
            this.signer = signer;
            return this;
        }

        public Builder events(PlexEventStream events) {
            this.events = events;
            return this;
        }

        public Builder pauses(StepPauses pauses) {
            this.pauses = pauses;
            return this;
        }

        public Plex build() {
            Objects.requireNonNull(configuration, "configuration");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(stuck, "stuck");
            Objects.requireNonNull(journal, "journal");
            Objects.requireNonNull(reclaimJournal, "reclaimJournal");
            Objects.requireNonNull(mailboxes, "mailboxes");
            Objects.requireNonNull(shared, "shared");
            Objects.requireNonNull(usernames, "usernames");
            Objects.requireNonNull(conversations, "conversations");
            Objects.requireNonNull(away, "away");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(signer, "signer");
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(pauses, "pauses");
            return new Plex(this);
        }
    }

    /** What the plex's own parts hear from its event stream: its conversations, and the reclaim due after a release. */
    private final class OwnParts implements PlexEvents {
        @Override
        public void released(String plex, Release release) {
            conversations.delivered(release.messageId(), release.operator());
            scheduler.roster().reclaimAfter(release.operator()).ifPresent(loop::reclaimAfter);
        }

        @Override
        public void reclaimed(String plex, String key, String operator, String messageId) {
            conversations.reclaimed(Optional.ofNullable(messageId), operator);
        }
    }

    /** Loads conversations, then on the loop finishes interrupted releases and loads parked mail, then releases. */
    void start() throws IOException {
        conversations.load();
        recovery = journal.recover();
        openReclaims = reclaimJournal.recover();
        Optional<List<String>> parked = listQueueAtStart();
        loop.start(() -> loadParked(parked));
    }

    /**
     * Lists the queue before the first mail is parked, so that new keys sort after every parked one
     * even when the clock is behind the last run; the loop loads that same listing. Empty when the
     * listing failed: the loop then lists the queue itself, and retries.
     */
    private Optional<List<String>> listQueueAtStart() {
        try {
            List<String> parked = queue.keys();
            continueKeysAfter(parked);
            return Optional.of(parked);
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("MailPlex {} could not list its queue at start; keys continue after it once the loop has", name, e);
            return Optional.empty();
        }
    }

    private void continueKeysAfter(List<String> parked) {
        if (!parked.isEmpty()) {
            keys.continueAfter(parked.get(parked.size() - 1));
        }
    }

    void stop() {
        loop.stop();
        conversations.saveIfChanged();
        try {
            journal.close();
        } catch (IOException e) {
            LOGGER.warn("MailPlex {} could not close its release journal", name, e);
        }
    }

    private void loadParked(Optional<List<String>> listedAtStart) {
        try {
            List<String> parked = new ArrayList<>(listedAtStart.isPresent() ? listedAtStart.get() : queue.keys());
            continueKeysAfter(parked);
            reclaimer.finishInterrupted(openReclaims, parked);
            openReclaims = List.of();
            finishedAtStart.set(loop.finishInterrupted(recovery, parked));
            parked.forEach(scheduler::park);
            stuck.load();
            LOGGER.info("MailPlex {} started with {} parked mail(s), {} stuck, roster {}", name, parked.size(), stuck.count(),
                scheduler.roster());
            loop.wake();
        } catch (Exception e) {
            LOGGER.error("MailPlex {} could not load its queue {} or finish its interrupted releases; retrying", name,
                configuration.repositoryUrl().asString(), e);
            loop.later(() -> loadParked(Optional.empty()), configuration.reconcileInterval());
        }
    }

    @Override
    public PlexConfiguration configuration() {
        return configuration;
    }

    @Override
    public String name() {
        return name;
    }

    public PlexScheduler scheduler() {
        return scheduler;
    }

    public ParkedQueue queue() {
        return queue;
    }

    /** Each operator of the roster as the rule sees them now, in roster order: immutable values. */
    public List<OperatorState> operatorStates() {
        return scheduler.operators();
    }

    /** One operator of the roster as the rule sees them now. */
    public OperatorState operatorState(String operator) {
        return scheduler.operator(operator);
    }

    /** Parked keys, oldest first, a page of them. */
    public List<String> parkedKeys(long offset, int limit) {
        return scheduler.parkedKeys(offset, limit);
    }

    /** Whether {@code key} is parked (waiting or being delivered). */
    public boolean isParked(String key) {
        return scheduler.isParked(key);
    }

    /** When the oldest mail still waiting was parked. */
    public Optional<Instant> oldestWaitingSince() {
        return scheduler.oldestWaiting().flatMap(QueueKeys::parkedAt);
    }

    /** Pauses {@code operator} on the loop, where every other change of the rule runs. */
    public void pause(String operator, Duration timeout) {
        loop.onLoop(() -> {
            scheduler.pause(operator);
            return null;
        }, timeout);
    }

    /** Lifts {@code operator}'s pause on the loop, and releases at once if the rule allows. */
    public void resume(String operator, Duration timeout) {
        loop.onLoop(() -> {
            scheduler.resume(operator);
            loop.wake();
            return null;
        }, timeout);
    }

    /** Before the loop starts: a pause kept from the last run. */
    void pausedAtStart(String operator) {
        scheduler.pause(operator);
    }

    /** Parked mails, waiting or being delivered: the queue depth. */
    public int queueDepth() {
        return scheduler.parkedCount();
    }

    /**
     * Parks one copy of {@code mail} for this plex under a key that sorts by arrival, and wakes the
     * loop. The copy is stored before this returns: once the sender has its 250, the mail is as
     * durable as the repository.
     */
    public String park(Mail mail) throws MessagingException {
        String key = keys.next();
        queue.park(mail, key, Date.from(clock.instant()));
        Optional<String> followUpOf = configuration.sticky() ? conversations.operatorFor(mail)
            .filter(operator -> scheduler.roster().contains(operator)) : Optional.empty();
        String messageId = LogText.safe(mail.getMessage().getMessageID());
        if (followUpOf.isPresent()) {
            scheduler.parkFor(key, followUpOf.get());
            LOGGER.info("Parked mail {} for plex {} as {}, a follow-up for {}, message-id={}", mail.getName(), name, key,
                followUpOf.get(), messageId);
        } else {
            scheduler.park(key);
            LOGGER.info("Parked mail {} for plex {} as {}, message-id={}", mail.getName(), name, key, messageId);
        }
        loop.wake();
        return key;
    }

    /** What became of a mail the plex was asked to take. */
    public enum Taken {
        /** In the queue, as durable as the repository. */
        PARKED,
        /** One this plex delivered, back again: set aside among the stuck mails, never parked again. */
        LOOP,
        /** The queue holds {@code maxParked} mails: nothing parked, the caller overflows it. */
        FULL
    }

    /**
     * Takes the plex's copy of {@code mail}: a loop is set aside, a full queue refuses it, anything
     * else is parked. The one place that decides.
     */
    public Taken take(Mail mail) throws MessagingException {
        if (isOwnLoop(mail)) {
            setAsideLoop(mail);
            return Taken.LOOP;
        }
        if (configuration.maxParked().isEmpty()) {
            park(mail);
            return Taken.PARKED;
        }
        return parkUnlessFull(mail, configuration.maxParked().get()).isPresent() ? Taken.PARKED : Taken.FULL;
    }

    /** Whether the queue holds {@code maxParked} mails (never, without {@code maxParked}): the one full-queue rule. */
    public boolean isFull() {
        return configuration.maxParked().map(max -> queueDepth() >= max).orElse(false);
    }

    /**
     * Parks like {@link #park(Mail)} unless {@code maxParked} mails are already in the queue; then
     * parks nothing and returns empty. Serialised, so that concurrent spool threads never push the
     * queue past the cap.
     */
    synchronized Optional<String> parkUnlessFull(Mail mail, int maxParked) throws MessagingException {
        int parked = queueDepth();
        if (parked >= maxParked) {
            LOGGER.warn("MailPlex {} has {} parked mail(s), its maxParked is {}: mail {} overflows", name, parked, maxParked,
                mail.getName());
            return Optional.empty();
        }
        return Optional.of(park(mail));
    }

    /**
     * Whether {@code mail} is one this plex delivered, coming back to it: it names this plex in its
     * trace with a ticket this installation signed. A trace without a valid signature is forged.
     */
    public boolean isOwnLoop(Mail mail) throws MessagingException {
        return signer.genuineTicket(name, header(mail, MailPlexHeaders.PLEX), header(mail, MailPlexHeaders.TICKET),
            header(mail, MailPlexHeaders.SIGNATURE), MessageBinding.of(mail.getMessage())).isPresent();
    }

    private static List<String> header(Mail mail, String name) throws MessagingException {
        String[] values = mail.getMessage().getHeader(name);
        return values == null ? List.of() : Arrays.asList(values);
    }

    /**
     * A loop ends where an admin sees it: the mail is set aside among the stuck mails (listed by
     * webadmin, counted in the metrics), never parked again and never in a mailbox nobody reads.
     */
    public String setAsideLoop(Mail mail) throws MessagingException {
        String key = keys.next();
        stuck.keep(mail, key);
        LOGGER.warn("MailPlex {}: mail {} was delivered by this plex and came back to it (a loop); set aside as {}", name,
            mail.getName(), key);
        events.loop(name, key);
        return key;
    }

    /** Whether James authenticated {@code mail}'s sender (SMTP AUTH) as the James user of {@code operator}. */
    public boolean isAuthenticatedAs(Mail mail, MailAddress operator) {
        Username expected = usernames.get(operator.asString());
        return expected != null && mail.getAttribute(Mail.SMTP_AUTH_USER)
            .map(attribute -> String.valueOf(attribute.getValue().value()))
            .filter(authenticated -> authenticated.equalsIgnoreCase(expected.asString()))
            .isPresent();
    }

    /** The operator handling the conversation {@code mail} answers, if this plex delivered it. */
    public Optional<String> conversationOperator(Mail mail) {
        return conversations.operatorFor(mail);
    }

    /** A mailbox changed; if it is one this plex watches, re-read it and release. */
    @Override
    public void mailboxChanged(MailboxPath path) {
        if (path.getName().equals(configuration.mailbox())) {
            usernames.operator(path.getUser()).ifPresent(loop::operatorChanged);
        }
    }

    /** Why the mailbox elsewhere of {@code operator} does not answer, while it does not; empty for a local operator. */
    public Optional<String> mailboxProblem(String operator) {
        return Optional.ofNullable(usernames.get(operator)).flatMap(mailboxes.elsewhere()::of).flatMap(OperatorMailbox::problem);
    }

    /** The mailbox elsewhere of {@code username} may have changed; if she is on this roster, re-read it and release. */
    void mailboxElsewhereChanged(Username username) {
        usernames.operator(username).ifPresent(loop::operatorChanged);
    }

    @Override
    public List<String> operators() {
        return scheduler.roster().operators();
    }

    /** The roster now: the configuration's, or an admin's (see {@link PlexRosters}). */
    public Roster roster() {
        return scheduler.roster();
    }

    @Override
    public void away(String operator) {
        scheduler.markAway(operator);
    }

    @Override
    public void back(String operator) {
        scheduler.markBack(operator);
        loop.wake();
    }

    /** Operators of this plex away now, for the metrics. */
    public int awayCount() {
        return (int) scheduler.roster().operators().stream().filter(away::isAway).count();
    }

    /** From now on this node releases only while {@code gate} is open ({@link PlexFailover}). */
    @Override
    public void gate(ReleaseGate gate) {
        loop.gate(gate);
    }

    /** Runs {@code task} on the release loop's thread, after what is queued there. */
    @Override
    public void onLoop(Runnable task) {
        loop.execute(task);
    }

    /** Runs {@code task} on the release loop's thread and waits for it at most {@code timeout} (see {@link ReleaseLoop#onLoop}). */
    public <T> T onLoop(Callable<T> task, Duration timeout) {
        return loop.onLoop(task, timeout);
    }

    /** For roster changes and duty ({@link PlexRosters}, {@link PlexDuty}): the operators' users, read by the loop. */
    OperatorUsernames usernames() {
        return usernames;
    }

    /** Runs {@code task} on the loop after {@code delay}; re-reads {@code operator}'s mailbox; takes back her unopened mail. */
    void later(Runnable task, Duration delay) {
        loop.later(task, delay);
    }

    void operatorChanged(String operator) {
        loop.operatorChanged(operator);
    }

    int reclaimUnopened(String operator) {
        return reclaimer.reclaimUnopened(operator);
    }

    /** Releases now if the rule allows (after a resume, say). */
    @Override
    public void wake() {
        loop.wake();
    }

    /** The last {@value #RECENT_RELEASES} releases, across restarts, oldest first: release order, for admins and tests. */
    public List<Release> recentReleases() {
        return journal.history();
    }

    /** Releases the last run had delivered but not finished, finished at this start instead of delivered again. */
    public int finishedAtStart() {
        return finishedAtStart.get();
    }

    /** Mails delivered to their operator whose removal from the queue failed and is retried: never released again. */
    public List<Release> deliveredNotRemoved() {
        return loop.removals().unremoved().list();
    }

    /** Whether {@code key} is one of {@link #deliveredNotRemoved()}. */
    public boolean isDeliveredNotRemoved(String key) {
        return loop.removals().unremoved().contains(key);
    }

    /** Mails set aside because no operator could take them. */
    public int stuckCount() {
        return stuck.count();
    }

    public StuckMails stuck() {
        return stuck;
    }

    /** Puts a stuck mail back into the queue at its old place (its key); false when it is not stuck. */
    public boolean retryStuck(String key, Duration timeout) {
        return loop.onLoop(() -> {
            boolean back = unstick(key);
            if (back) {
                loop.wake();
            }
            return back;
        }, timeout);
    }

    /** Puts a stuck mail back into the queue and hands it to {@code operator} at once. */
    public ManualAssignment assignStuck(String key, String operator, Duration timeout) {
        return loop.onLoop(() -> unstick(key) ? assign(key, operator) : ManualAssignment.GONE, timeout);
    }

    private boolean unstick(String key) throws MessagingException {
        if (!stuck.putBack(key)) {
            return false;
        }
        scheduler.park(key);
        LOGGER.info("MailPlex {}: stuck mail {} put back into the queue by an admin", name, key);
        return true;
    }

    /** Deletes a stuck mail; false when it is not stuck. */
    public boolean deleteStuck(String key, Duration timeout) {
        return loop.onLoop(() -> {
            boolean deleted = stuck.delete(key);
            if (deleted) {
                LOGGER.info("MailPlex {}: stuck mail {} deleted by an admin", name, key);
            }
            return deleted;
        }, timeout);
    }

    /** What became of an admin's {@link #assignNow}. */
    public enum ManualAssignment {
        /** In the operator's mailbox, out of the queue. */
        DELIVERED,
        /** Still being delivered when the call timeout passed; it finishes on its own. */
        PENDING,
        /** The mail is no longer in the queue. */
        GONE,
        /** The scheduler does not hold the mail as waiting (being delivered right now). */
        NOT_WAITING,
        /** Delivery failed: the mail waits again at its place. */
        FAILED
    }

    /** Hands a waiting mail to {@code operator} now, whatever the rule says, on the loop thread. */
    public ManualAssignment assignNow(String key, String operator, Duration timeout) {
        return loop.onLoop(() -> assign(key, operator), timeout);
    }

    private ManualAssignment assign(String key, String operator) {
        if (!scheduler.isParked(key)) {
            return ManualAssignment.GONE;
        }
        Optional<Assignment> assignment = scheduler.assignTo(key, operator);
        if (assignment.isEmpty()) {
            return ManualAssignment.NOT_WAITING;
        }
        LOGGER.info("MailPlex {}: {} handed to {} by an admin", name, key, operator);
        Releaser.Outcome outcome = loop.release(assignment.get());
        if (outcome == Releaser.Outcome.RELEASED) {
            return ManualAssignment.DELIVERED;
        }
        if (outcome == Releaser.Outcome.PENDING) {
            return ManualAssignment.PENDING;
        }
        return scheduler.isParked(key) ? ManualAssignment.FAILED : ManualAssignment.GONE;
    }

    @Override
    public List<String> queuedKeys() throws MessagingException {
        return queue.keys();
    }

    @Override
    public void deliveredElsewhere(String key) throws MessagingException {
        queue.remove(key);
        scheduler.forget(key);
    }

    @Override
    public int reconcile(List<String> listed, Instant parkedBefore) {
        Set<String> present = new HashSet<>(listed);
        int added = 0;
        for (String key : listed) {
            if (!scheduler.isParked(key) && !isDeliveredNotRemoved(key)) {
                scheduler.park(key);
                added++;
            }
        }
        for (String key : scheduler.waitingKeys()) {
            if (!present.contains(key) && QueueKeys.parkedAt(key).map(at -> at.isBefore(parkedBefore)).orElse(false)) {
                scheduler.forget(key);
            }
        }
        return added;
    }

    /** Takes a parked mail out of the queue, on the loop thread; false when it was not there. */
    public boolean removeParked(String key, Duration timeout) {
        return loop.onLoop(() -> {
            // waiting or stepping aside after a failure; never one being delivered
            boolean parked = scheduler.forget(key);
            if (parked) {
                queue.remove(key);
                LOGGER.info("MailPlex {}: {} removed from the queue by an admin", name, key);
            }
            return parked;
        }, timeout);
    }
}
