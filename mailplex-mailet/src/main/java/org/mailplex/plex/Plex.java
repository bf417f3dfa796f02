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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.mailet.Mail;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Assignment;
import org.mailplex.core.HolderRequest;
import org.mailplex.core.LogText;
import org.mailplex.core.OperatorState;
import org.mailplex.core.PlexEvents;
import org.mailplex.core.PlexScheduler;
import org.mailplex.core.QueueKeys;
import org.mailplex.core.Release;
import org.mailplex.core.Roster;
import org.mailplex.core.SteadyClock;
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
import org.mailplex.release.BoundedCalls;
import org.mailplex.release.ReleaseGate;
import org.mailplex.release.ReleaseLoop;
import org.mailplex.release.ReleaseParts;
import org.mailplex.release.Releaser;
import org.mailplex.release.StillRunningException;
import org.mailplex.state.ReclaimJournalStore;
import org.mailplex.state.ReleaseJournalStore;
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
    private final ReleaseJournalStore journal;
    private final OperatorMailboxes mailboxes;
    private final OperatorUsernames usernames;
    private final AtomicInteger finishedAtStart = new AtomicInteger();
    /** Several nodes: the journals are shared, and only the node taking the lease finishes what they hold. */
    private volatile boolean recoverOnTakeover;
    private volatile ReleaseGate gate = ReleaseGate.OPEN;
    private volatile Consumer<String> parkedListener = key -> { };
    private volatile Runnable takeoverListener = () -> { };
    private volatile Runnable sharedChangeListener = () -> { };
    private final TraceSigner signer;
    private final PlexEvents events;
    /** What the last run left in the release journal, read before anything is released. */
    private ReleaseJournalStore.Recovery recovery;
    private final ReclaimJournalStore reclaimJournal;
    /** The reclaims the last run left open, read at start. */
    private List<ReclaimJournalStore.Open> openReclaims = List.of();
    private final Reclaimer reclaimer;
    private final AwayOperators away;
    private final ReleaseLoop loop;
    /** The bound on every mailbox and repository call made for this plex, shared by all its parts. */
    private final BoundedCalls calls;
    private final Clock clock;

    private Plex(Builder builder) {
        this.configuration = builder.configuration;
        this.name = configuration.account().asString();
        this.clock = builder.clock;
        Clock steady = new SteadyClock(clock, builder.ticker);
        this.scheduler = new PlexScheduler(configuration.roster(), steady, configuration.stickyExtra());
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
        this.calls = new BoundedCalls("mailplex-" + name + "-call", configuration.callTimeout());
        this.reclaimer = Reclaimer.builder()
            .configuration(configuration).scheduler(scheduler).queue(queue).journal(reclaimJournal).mailboxes(mailboxes)
            .usernames(this.usernames).away(away).signer(signer).clock(clock).events(events).pauses(builder.pauses)
            .calls(calls).loop(new ReclaimerLoop()).steady(steady)
            .build();
        this.loop = new ReleaseLoop(ReleaseParts.builder()
            .configuration(configuration).scheduler(scheduler).queue(queue).stuck(stuck).journal(journal).mailboxes(mailboxes)
            .shared(builder.shared).usernames(this.usernames).away(away).clock(clock).events(events).signer(signer).pauses(builder.pauses)
            .calls(calls).steady(steady)
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
        private ReleaseJournalStore journal;
        private ReclaimJournalStore reclaimJournal;
        private OperatorMailboxes mailboxes;
        private SharedMailboxes shared;
        private ImmutableMap<String, Username> usernames;
        private PlexConversations conversations;
        private AwayOperators away;
        private Clock clock;
        private TraceSigner signer;
        private PlexEventStream events;
        private StepPauses pauses = StepPauses.NONE;
        private LongSupplier ticker = System::nanoTime;

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

        public Builder journal(ReleaseJournalStore journal) {
            this.journal = journal;
            return this;
        }

        public Builder reclaimJournal(ReclaimJournalStore reclaimJournal) {
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

        /** The monotonic tick source (nanoseconds) durations are measured on; {@code System::nanoTime} unless a test's. */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = ticker;
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
            Objects.requireNonNull(ticker, "ticker");
            return new Plex(this);
        }
    }

    /** What the plex's own parts hear from its event stream: its conversations, and the reclaim due after a release. */
    private final class OwnParts implements PlexEvents {
        @Override
        public void released(String plex, Release release) {
            conversations.delivered(release.messageId(), release.operator());
            reclaimer.released(release.key(), release.releasedAt());
            scheduler.roster().reclaimAfter(release.operator()).ifPresent(loop::reclaimAfter);
        }

        @Override
        public void reclaimed(String plex, String key, String operator, String messageId) {
            conversations.reclaimed(Optional.ofNullable(messageId), operator);
        }
    }

    /** The reclaimer finishes on the loop a reclaim whose call outlasted callTimeout. */
    private final class ReclaimerLoop implements Reclaimer.Loop {
        @Override
        public void execute(Runnable task) {
            loop.execute(task);
        }

        @Override
        public void wake() {
            loop.wake();
        }
    }

    /** A repository call of this plex, within its callTimeout. */
    private <T> T bounded(Callable<T> call) throws MessagingException {
        try {
            return calls.call(call);
        } catch (MessagingException | RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted", e);
        } catch (Exception e) {
            throw new MessagingException(e.toString(), e);
        }
    }

    /** Loads conversations, then on the loop finishes interrupted releases and loads parked mail, then releases. */
    void start() throws IOException {
        conversations.load();
        if (!recoverOnTakeover) {
            recovery = journal.recover();
            openReclaims = reclaimJournal.recover();
        }
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
            List<String> parked = bounded(queue::keys);
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
            List<String> parked = new ArrayList<>(listedAtStart.isPresent() ? listedAtStart.get() : bounded(queue::keys));
            continueKeysAfter(parked);
            if (!recoverOnTakeover) {
                reclaimer.finishInterrupted(openReclaims, parked);
                openReclaims = List.of();
                finishedAtStart.set(loop.finishInterrupted(recovery, parked));
            }
            parked.forEach(scheduler::park);
            bounded(() -> {
                stuck.load();
                return null;
            });
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

    /** On the loop: several nodes, the operators the shared state says are paused (another node's admin may have changed them). */
    void pausesAre(Set<String> paused) {
        boolean resumed = false;
        for (String operator : scheduler.roster().operators()) {
            boolean shouldBe = paused.contains(operator);
            if (shouldBe && !scheduler.isPaused(operator)) {
                scheduler.pause(operator);
                LOGGER.info("MailPlex {}: {} paused on another node", name, operator);
            } else if (!shouldBe && scheduler.isPaused(operator)) {
                scheduler.resume(operator);
                resumed = true;
                LOGGER.info("MailPlex {}: {} resumed on another node", name, operator);
            }
        }
        if (resumed) {
            loop.wake();
        }
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
        parkedListener.accept(key);
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
        this.gate = gate;
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

    /** One reclaim pass on the loop now, as the reconcile tick runs it; returns how many mails it took back. */
    int reclaimDue(Duration timeout) {
        return loop.onLoop(reclaimer::reclaimDue, timeout);
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
    @Override
    public void onParked(Consumer<String> listener) {
        this.parkedListener = listener;
    }

    @Override
    public void recoverOnTakeover() {
        recoverOnTakeover = true;
    }

    /** Several nodes: runs first at each takeover, on the loop (the shared state read again before anything is released). */
    void beforeTakeover(Runnable listener) {
        this.takeoverListener = listener;
    }

    /** What reads the shared state again when another node changed it ({@link #sharedStateChanged}). */
    void onSharedChange(Runnable listener) {
        this.sharedChangeListener = listener;
    }

    @Override
    public void sharedStateChanged() {
        sharedChangeListener.run();
    }

    @Override
    public int finishInterrupted(List<String> parked) throws Exception {
        takeoverListener.run();
        List<String> before = new ArrayList<>(parked);
        conversations.load();
        reclaimer.finishInterrupted(reclaimJournal.recover(), parked);
        int finished = loop.finishInterrupted(journal.recover(), parked);
        before.stream().filter(key -> !parked.contains(key)).forEach(scheduler::forget);
        finishedAtStart.addAndGet(finished);
        return finished;
    }

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
        return loop.onLoop(() -> retryStuck(key), timeout);
    }

    private boolean retryStuck(String key) throws MessagingException {
        boolean back = unstick(key);
        if (back) {
            loop.wake();
        }
        return back;
    }

    /** Puts a stuck mail back into the queue and hands it to {@code operator} at once. */
    public ManualAssignment assignStuck(String key, String operator, Duration timeout) {
        return loop.onLoop(() -> unstick(key) ? assign(key, operator) : ManualAssignment.GONE, timeout);
    }

    private boolean unstick(String key) {
        CompletableFuture<Boolean> putBack = calls.supply(() -> stuck.putBack(key));
        if (!outcome(putBack, "putting stuck mail " + key + " back into the queue", (back, failure) -> {
            if (failure == null && back) {
                scheduler.park(key);
                loop.wake();
            }
        })) {
            return false;
        }
        scheduler.park(key);
        parkedListener.accept(key);
        LOGGER.info("MailPlex {}: stuck mail {} put back into the queue by an admin", name, key);
        return true;
    }

    /** Deletes a stuck mail; false when it is not stuck. */
    public boolean deleteStuck(String key, Duration timeout) {
        return loop.onLoop(() -> deleteStuck(key), timeout);
    }

    private boolean deleteStuck(String key) throws MessagingException {
        boolean deleted = outcome(calls.supply(() -> stuck.delete(key)), "deleting stuck mail " + key, (done, failure) -> { });
        if (deleted) {
            LOGGER.info("MailPlex {}: stuck mail {} deleted by an admin", name, key);
        }
        return deleted;
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

    @Override
    public String perform(HolderRequest request) {
        try {
            switch (request.action()) {
                case HolderRequest.ASSIGN:
                    return assign(request.key(), request.operator()).name();
                case HolderRequest.ASSIGN_STUCK:
                    return (unstick(request.key()) ? assign(request.key(), request.operator()) : ManualAssignment.GONE).name();
                case HolderRequest.DELETE:
                    return Boolean.toString(removeParked(request.key()));
                case HolderRequest.RETRY_STUCK:
                    return Boolean.toString(retryStuck(request.key()));
                case HolderRequest.DELETE_STUCK:
                    return Boolean.toString(deleteStuck(request.key()));
                default:
                    LOGGER.warn("MailPlex {}: unknown request {} from another node; ignored", name, request);
                    return ManualAssignment.FAILED.name();
            }
        } catch (MessagingException | RuntimeException e) {
            LOGGER.error("MailPlex {}: {}, asked on another node, failed", name, request, e);
            return ManualAssignment.FAILED.name();
        }
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
        return bounded(queue::keys);
    }

    @Override
    public void deliveredElsewhere(String key) throws MessagingException {
        bounded(() -> {
            queue.remove(key);
            return null;
        });
        scheduler.forget(key);
    }

    @Override
    public boolean holdsKey(String operator, String key) throws Exception {
        Username known = usernames.get(operator);
        Username owner = known != null ? known : mailboxes.username(new MailAddress(operator));
        return calls.call(() -> mailboxes.holdsKey(owner, configuration.mailbox(), key));
    }

    /**
     * An admin's repository call within callTimeout: its result, or its own failure. One that
     * outlasts the wait goes on: {@code late} gets its result on the loop when it ends, and the
     * admin is told it is still running.
     */
    private <T> T outcome(CompletableFuture<T> call, String what, BiConsumer<T, Throwable> late) {
        try {
            return call.get(calls.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null ? e.getCause().getCause()
                : e.getCause();
            throw new IllegalStateException("MailPlex " + name + ": " + what + " failed: " + cause, cause);
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            call.whenComplete((result, failure) -> loop.execute(() -> {
                late.accept(result, failure);
                if (failure == null) {
                    LOGGER.info("MailPlex {}: {} ended after the admin's wait", name, what);
                } else {
                    LOGGER.warn("MailPlex {}: {} failed after the admin's wait", name, what, failure);
                }
            }));
            throw new StillRunningException("MailPlex " + name + ": " + what + " takes longer than " + calls.timeout()
                + "; it goes on and finishes on its own");
        }
    }

    @Override
    public int reconcile(List<String> listed, Instant parkedBefore) {
        Set<String> present = new HashSet<>(listed);
        int added = 0;
        for (String key : listed) {
            if (!scheduler.isParked(key) && !isDeliveredNotRemoved(key)) {
                Optional<String> followUpOf = followUpParkedElsewhere(key);
                if (followUpOf.isPresent()) {
                    scheduler.parkFor(key, followUpOf.get());
                    LOGGER.info("MailPlex {}: {}, parked on another node, is a follow-up for {}", name, key, followUpOf.get());
                } else {
                    scheduler.park(key);
                }
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

    /**
     * Several nodes, sticky routing, on the lease holder: whose conversation a mail another node
     * parked continues, by this node's memory of conversations (the holder's, which delivered them).
     */
    private Optional<String> followUpParkedElsewhere(String key) {
        if (!configuration.sticky() || !gate.open()) {
            return Optional.empty();
        }
        try {
            Optional<Mail> mail = queue.retrieve(key);
            try {
                return mail.flatMap(conversations::operatorFor).filter(operator -> scheduler.roster().contains(operator));
            } finally {
                mail.ifPresent(LifecycleUtil::dispose);
            }
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("MailPlex {} could not read {} to find its conversation; it goes by the rule", name, key, e);
            return Optional.empty();
        }
    }

    /** Takes a parked mail out of the queue, on the loop thread; false when it was not there. */
    public boolean removeParked(String key, Duration timeout) {
        return loop.onLoop(() -> removeParked(key), timeout);
    }

    private boolean removeParked(String key) throws MessagingException {
        // waiting or stepping aside after a failure; never one being delivered
        boolean parked = scheduler.forget(key);
        if (parked) {
            CompletableFuture<Boolean> removal = calls.supply(() -> {
                queue.remove(key);
                return true;
            });
            try {
                outcome(removal, "removing " + key + " from the queue", (done, failure) -> {
                    if (failure != null) {
                        scheduler.park(key);
                        loop.wake();
                    }
                });
            } catch (RuntimeException e) {
                if (!(e instanceof StillRunningException)) {
                    scheduler.park(key);
                }
                throw e;
            }
            LOGGER.info("MailPlex {}: {} removed from the queue by an admin", name, key);
        }
        return parked;
    }
}
