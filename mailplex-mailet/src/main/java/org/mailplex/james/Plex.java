package org.mailplex.james;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.Username;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.mailet.Mail;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Assignment;
import org.mailplex.core.LogText;
import org.mailplex.core.PlexScheduler;
import org.mailplex.core.QueueKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * One plex at run time: its configuration, its rule ({@link PlexScheduler}), its queue
 * ({@link ParkedQueue}), its conversations and its {@link ReleaseLoop}. Parking happens on James's
 * spool threads; everything else on the loop.
 */
public class Plex {
    private static final Logger LOGGER = LoggerFactory.getLogger(Plex.class);
    /** Releases kept for {@link #recentReleases()}. */
    static final int RECENT_RELEASES = 10_000;

    private final PlexConfiguration configuration;
    private final String name;
    private final PlexScheduler scheduler;
    private final ParkedQueue queue;
    private final QueueKeys keys;
    private final PlexConversations conversations;
    private final ImmutableMap<Username, String> operatorsByUsername;
    private final Deque<Release> recentReleases = new ArrayDeque<>();
    private final ReleaseLoop loop;
    private final Clock clock;

    Plex(PlexConfiguration configuration, ParkedQueue queue, OperatorMailboxes mailboxes, ImmutableMap<String, Username> usernames,
         PlexConversations conversations, Clock clock, Listener listener) {
        this.configuration = configuration;
        this.name = configuration.account().asString();
        this.scheduler = new PlexScheduler(configuration.roster(), clock);
        this.queue = queue;
        this.keys = new QueueKeys(clock);
        this.clock = clock;
        this.conversations = conversations;
        this.operatorsByUsername = usernames.entrySet().stream()
            .collect(ImmutableMap.toImmutableMap(entry -> entry.getValue(), entry -> entry.getKey()));
        this.loop = new ReleaseLoop(configuration, scheduler, queue, mailboxes, usernames, clock, new ReleaseLoop.Listener() {
            @Override
            public void released(Release release) {
                remember(release);
                conversations.delivered(release.messageId(), release.operator());
                listener.released(Plex.this, release);
            }

            @Override
            public void vanished(String key) {
                listener.vanished(Plex.this, key);
            }
        }, conversations::saveIfChanged);
    }

    /** Told of every release and every vanished mail of a plex, on its loop thread. */
    interface Listener {
        void released(Plex plex, Release release);

        void vanished(Plex plex, String key);
    }

    /** Loads conversations and parked mail on the loop, then releases. */
    void start() throws IOException {
        conversations.load();
        loop.start(this::loadParked);
    }

    void stop() {
        loop.stop();
        conversations.saveIfChanged();
    }

    private void loadParked() {
        try {
            List<String> parked = queue.keys();
            parked.forEach(scheduler::park);
            if (!parked.isEmpty()) {
                keys.continueAfter(parked.get(parked.size() - 1));
            }
            LOGGER.info("MailPlex {} started with {} parked mail(s), roster {}", name, parked.size(), configuration.roster());
            loop.wake();
        } catch (MessagingException | RuntimeException e) {
            LOGGER.error("MailPlex {} could not list its queue {}; retrying", name, configuration.repositoryUrl().asString(), e);
            loop.later(this::loadParked, configuration.reconcileInterval());
        }
    }

    public PlexConfiguration configuration() {
        return configuration;
    }

    public String name() {
        return name;
    }

    public PlexScheduler scheduler() {
        return scheduler;
    }

    ParkedQueue queue() {
        return queue;
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
            .filter(operator -> configuration.roster().contains(operator)) : Optional.empty();
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

    /**
     * Parks like {@link #park(Mail)} unless {@code maxParked} mails are already in the queue; then
     * parks nothing and returns empty. Serialised, so that concurrent spool threads never push the
     * queue past the cap.
     */
    public synchronized Optional<String> parkUnlessFull(Mail mail, int maxParked) throws MessagingException {
        int parked = queueDepth();
        if (parked >= maxParked) {
            LOGGER.warn("MailPlex {} has {} parked mail(s), its maxParked is {}: mail {} overflows", name, parked, maxParked,
                mail.getName());
            return Optional.empty();
        }
        return Optional.of(park(mail));
    }

    /** The operator handling the conversation {@code mail} answers, if this plex delivered it. */
    public Optional<String> conversationOperator(Mail mail) {
        return conversations.operatorFor(mail);
    }

    /** A mailbox changed; if it is one this plex watches, re-read it and release. */
    void mailboxChanged(MailboxPath path) {
        String operator = operatorsByUsername.get(path.getUser());
        if (operator != null && path.getName().equals(configuration.mailbox())) {
            loop.operatorChanged(operator);
        }
    }

    /** Releases now if the rule allows (after a resume, say). */
    void wake() {
        loop.wake();
    }

    private synchronized void remember(Release release) {
        recentReleases.addLast(release);
        if (recentReleases.size() > RECENT_RELEASES) {
            recentReleases.removeFirst();
        }
    }

    /** The last releases, oldest first: release order, for admins and tests. */
    public synchronized List<Release> recentReleases() {
        return ImmutableList.copyOf(recentReleases);
    }

    /** What became of an admin's {@link #assignNow}. */
    enum ManualAssignment {
        /** In the operator's mailbox, out of the queue. */
        DELIVERED,
        /** The mail is no longer in the queue. */
        GONE,
        /** The scheduler does not hold the mail as waiting (being delivered right now). */
        NOT_WAITING,
        /** Delivery failed: the mail waits again at its place. */
        FAILED
    }

    /** Hands a waiting mail to {@code operator} now, whatever the rule says, on the loop thread. */
    ManualAssignment assignNow(String key, String operator, Duration timeout) {
        return loop.onLoop(() -> {
            if (!scheduler.isParked(key)) {
                return ManualAssignment.GONE;
            }
            Optional<Assignment> assignment = scheduler.assignTo(key, operator);
            if (assignment.isEmpty()) {
                return ManualAssignment.NOT_WAITING;
            }
            LOGGER.info("MailPlex {}: {} handed to {} by an admin", name, key, operator);
            switch (loop.release(assignment.get())) {
                case RELEASED:
                    return ManualAssignment.DELIVERED;
                case VANISHED:
                    return ManualAssignment.GONE;
                default:
                    return ManualAssignment.FAILED;
            }
        }, timeout);
    }

    /** Takes a parked mail out of the queue, on the loop thread; false when it was not there. */
    boolean removeParked(String key, Duration timeout) {
        return loop.onLoop(() -> {
            boolean parked = scheduler.isWaiting(key);
            if (parked) {
                queue.remove(key);
                scheduler.forget(key);
                LOGGER.info("MailPlex {}: {} removed from the queue by an admin", name, key);
            }
            return parked;
        }, timeout);
    }
}
