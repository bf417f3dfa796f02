package org.mailplex.james;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.server.core.MailImpl;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.mailet.Mail;
import org.mailplex.core.Assignment;
import org.mailplex.core.PlexScheduler;
import org.mailplex.core.ThreadMemory;
import org.mailplex.core.TicketKeys;
import org.mailplex.mailet.PlexConfiguration;
import org.mailplex.matcher.MailPlexHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * One plex at run time: its queue (a James mail repository), its {@link PlexScheduler}, and one
 * serial loop that releases parked mail.
 *
 * <p>The loop runs on a single thread, woken by a parked mail, by a change in an operator's
 * mailbox, and by a reconcile tick that re-reads every held count through the mailbox API, the
 * source of truth. A release appends the mail to the operator's watched mailbox and only then
 * removes it from the queue: at least once, never lost; a crash in between gives one duplicate.</p>
 */
public class PlexDispatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(PlexDispatcher.class);
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final PlexConfiguration configuration;
    private final MailRepository queue;
    private final OperatorMailboxes mailboxes;
    private final Clock clock;
    private final TicketKeys keys;
    private final PlexScheduler scheduler;
    private final ImmutableMap<String, Username> usernames;
    private final ImmutableMap<Username, String> operatorsByUsername;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean wakeQueued = new AtomicBoolean(false);
    private final ThreadMemory threads;
    private final ThreadMemoryFile threadsFile;
    private final AtomicBoolean threadsChanged = new AtomicBoolean(false);
    private final ScheduledExecutorService loop;
    private final List<ReleaseListener> releaseListeners = new CopyOnWriteArrayList<>();

    PlexDispatcher(PlexConfiguration configuration, MailRepository queue, OperatorMailboxes mailboxes, Clock clock,
                   ThreadMemoryFile threadsFile) throws MessagingException {
        this.configuration = configuration;
        this.queue = queue;
        this.mailboxes = mailboxes;
        this.clock = clock;
        this.keys = new TicketKeys(clock);
        this.scheduler = new PlexScheduler(configuration.roster(), clock);
        this.threads = new ThreadMemory(configuration.stickyMemory());
        this.threadsFile = threadsFile;
        ImmutableMap.Builder<String, Username> usernames = ImmutableMap.builder();
        ImmutableMap.Builder<Username, String> operators = ImmutableMap.builder();
        for (MailAddress operator : configuration.operators()) {
            Username username = username(operator);
            usernames.put(operator.asString(), username);
            operators.put(username, operator.asString());
        }
        this.usernames = usernames.build();
        this.operatorsByUsername = operators.build();
        this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mailplex-" + configuration.account().asString());
            thread.setDaemon(true);
            return thread;
        });
    }

    private Username username(MailAddress operator) throws MessagingException {
        try {
            return mailboxes.username(operator);
        } catch (UsersRepositoryException e) {
            throw PlexConfigurationErrors.operator(operator, e);
        }
    }

    /** Loads what is already parked, then releases on every wake and tick. */
    void start() {
        loop.execute(this::loadThreads);
        loop.execute(this::loadParked);
        long interval = configuration.reconcileInterval().toMillis();
        loop.scheduleWithFixedDelay(this::reconcile, 0, interval, TimeUnit.MILLISECONDS);
    }

    void stop() {
        loop.shutdownNow();
        saveThreads();
        try {
            if (!loop.awaitTermination(10, TimeUnit.SECONDS)) {
                LOGGER.warn("MailPlex {} dispatcher did not stop within 10 s", configuration.account().asString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public PlexConfiguration configuration() {
        return configuration;
    }

    public PlexScheduler scheduler() {
        return scheduler;
    }

    public MailRepository queue() {
        return queue;
    }

    /** Conversations this plex delivered, for sticky routing and for {@code PlexReplyTo}. */
    public ThreadMemory threads() {
        return threads;
    }

    /**
     * Parks one copy of {@code mail} for this plex under a key that sorts by arrival, and wakes the
     * loop. The copy is stored before this returns: once the sender has its 250, the mail is durable
     * as the repository is.
     */
    public String park(Mail mail) throws MessagingException {
        String key = keys.next();
        // The parked copy carries the original bytes verbatim (see VerbatimMessage): storing the
        // James message itself would let the repository re-serialise it.
        MailImpl parked = MailImpl.builder()
            .name(key)
            .sender(mail.getMaybeSender())
            .addRecipient(configuration.account())
            .addAttributes(mail.attributes().collect(ImmutableList.toImmutableList()))
            .addAllHeadersForRecipients(mail.getPerRecipientSpecificHeaders())
            .remoteAddr(mail.getRemoteAddr())
            .remoteHost(mail.getRemoteHost())
            .state(mail.getState())
            .errorMessage(mail.getErrorMessage())
            .lastUpdated(Date.from(clock.instant()))
            .build();
        try {
            parked.setMessageNoCopy(VerbatimMessage.of(mail.getMessage(), key));
            queue.store(parked);
        } finally {
            LifecycleUtil.dispose(parked);
        }
        String name = mail.getName();
        Optional<String> stickyOperator = stickyOperator(mail);
        if (stickyOperator.isPresent()) {
            scheduler.parkFor(key, stickyOperator.get());
            LOGGER.info("Parked mail {} for plex {} as {}, a follow-up for {}, message-id={}", name, configuration.account().asString(),
                key, stickyOperator.get(), messageId(mail).orElse("none"));
        } else {
            scheduler.park(key);
            LOGGER.info("Parked mail {} for plex {} as {}, message-id={}", name, configuration.account().asString(), key,
                messageId(mail).orElse("none"));
        }
        wake();
        return key;
    }

    /**
     * Parks like {@link #park(Mail)} unless {@code maxParked} mails are already in the queue; then
     * parks nothing and returns empty, and the caller routes the mail elsewhere. Serialised, so
     * that concurrent spool threads never push the queue past the cap.
     */
    public synchronized Optional<String> parkUnlessFull(Mail mail, int maxParked) throws MessagingException {
        // the scheduler knows every parked mail (waiting or being delivered): no repository listing per mail
        long parked = scheduler.waitingCount() + scheduler.inFlightCount();
        if (parked >= maxParked) {
            LOGGER.warn("MailPlex {} has {} parked mail(s), its maxParked is {}: mail {} overflows",
                configuration.account().asString(), parked, maxParked, mail.getName());
            return Optional.empty();
        }
        return Optional.of(park(mail));
    }

    private Optional<String> stickyOperator(Mail mail) {
        if (!configuration.sticky()) {
            return Optional.empty();
        }
        return threads.operatorFor(references(mail))
            .filter(operator -> configuration.roster().contains(operator));
    }

    /** In-Reply-To first, then References from the most recent to the oldest. */
    public static List<String> references(Mail mail) {
        List<String> ids = new ArrayList<>();
        try {
            ids.addAll(ThreadMemory.messageIds(mail.getMessage().getHeader("In-Reply-To", " ")));
            List<String> references = ThreadMemory.messageIds(mail.getMessage().getHeader("References", " "));
            Collections.reverse(references);
            ids.addAll(references);
        } catch (MessagingException e) {
            LOGGER.debug("Could not read the thread headers of {}", mail.getName(), e);
        }
        return ids;
    }

    private static Optional<String> messageId(Mail mail) {
        try {
            return Optional.ofNullable(mail.getMessage().getMessageID());
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }

    private void loadThreads() {
        try {
            threadsFile.load(threads);
            LOGGER.info("MailPlex {} remembers {} conversation(s)", configuration.account().asString(), threads.size());
        } catch (IOException | RuntimeException e) {
            LOGGER.error("MailPlex {} could not read its conversations from {}; starting without them",
                configuration.account().asString(), threadsFile.path(), e);
        }
    }

    private void saveThreads() {
        if (threadsChanged.getAndSet(false)) {
            try {
                threadsFile.save(threads);
            } catch (IOException | RuntimeException e) {
                threadsChanged.set(true);
                LOGGER.error("MailPlex {} could not save its conversations to {}", configuration.account().asString(),
                    threadsFile.path(), e);
            }
        }
    }

    /** A mailbox changed; if it is one this plex watches, re-read it and release. */
    void mailboxChanged(MailboxPath path) {
        String operator = operatorsByUsername.get(path.getUser());
        if (operator != null && path.getName().equals(configuration.mailbox())) {
            dirty.add(operator);
            wake();
        }
    }

    /** Runs one release pass on the loop soon; wakes that arrive meanwhile share it. */
    public void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                loop.execute(() -> {
                    wakeQueued.set(false);
                    pass();
                });
            } catch (RuntimeException e) {
                wakeQueued.set(false);
                LOGGER.debug("MailPlex {} dispatcher is stopped, wake ignored", configuration.account().asString());
            }
        }
    }

    private void loadParked() {
        try {
            int count = 0;
            Iterator<MailKey> parked = queue.list();
            while (parked.hasNext()) {
                scheduler.park(parked.next().asString());
                count++;
            }
            LOGGER.info("MailPlex {} started with {} parked mail(s), roster {}", configuration.account().asString(), count,
                configuration.roster());
        } catch (MessagingException | RuntimeException e) {
            LOGGER.error("MailPlex {} could not list its queue {}; retrying on the next tick",
                configuration.account().asString(), configuration.repositoryUrl().asString(), e);
            loop.schedule(this::loadParked, configuration.reconcileInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void reconcile() {
        saveThreads();
        for (String operator : usernames.keySet()) {
            scheduler.markAvailable(operator);
        }
        dirty.addAll(usernames.keySet());
        pass();
    }

    private void pass() {
        try {
            refreshDirty();
            while (!Thread.currentThread().isInterrupted()) {
                Optional<Assignment> next = scheduler.next();
                if (next.isEmpty()) {
                    return;
                }
                release(next.get());
            }
        } catch (RuntimeException e) {
            LOGGER.error("MailPlex {} release pass failed; retrying on the next tick", configuration.account().asString(), e);
        }
    }

    private void refreshDirty() {
        Iterator<String> iterator = dirty.iterator();
        while (iterator.hasNext()) {
            String operator = iterator.next();
            iterator.remove();
            try {
                scheduler.observe(operator, mailboxes.held(usernames.get(operator), configuration.mailbox(), configuration.busyWhen()));
            } catch (Exception e) {
                LOGGER.warn("MailPlex {} could not read the mailbox of {}; keeping its last known state",
                    configuration.account().asString(), operator, e);
            }
        }
    }

    /** Delivers one assignment; a failure puts the mail back at the head of the queue. */
    void release(Assignment assignment) {
        MailKey key = new MailKey(assignment.ticket());
        Mail mail;
        try {
            mail = queue.retrieve(key);
        } catch (MessagingException | RuntimeException e) {
            scheduler.fail(assignment);
            throw new IllegalStateException("cannot read parked mail " + key.asString(), e);
        }
        if (mail == null) {
            LOGGER.info("Parked mail {} of plex {} is gone from the queue (removed by an admin?)", key.asString(),
                configuration.account().asString());
            scheduler.fail(assignment);
            scheduler.forget(assignment.ticket());
            return;
        }
        Optional<String> messageId = messageId(mail);
        try {
            Instant now = clock.instant();
            byte[] content = traced(mail, assignment, now);
            mailboxes.deliver(usernames.get(assignment.operator()), configuration.mailbox(), content, Date.from(now));
        } catch (Exception e) {
            scheduler.fail(assignment);
            scheduler.markUnavailable(assignment.operator());
            LOGGER.error("MailPlex {} could not deliver {} to {}; the mail stays parked and {} gets nothing until the next tick",
                configuration.account().asString(), key.asString(), assignment.operator(), assignment.operator(), e);
            return;
        } finally {
            LifecycleUtil.dispose(mail);
        }
        // Logged before the removal: a crash between the two leaves the mail parked, to be delivered again.
        Duration waitedFor = waited(assignment.ticket());
        LOGGER.info("Released {} of plex {} to {} after {}", key.asString(), configuration.account().asString(),
            assignment.operator(), waitedFor);
        scheduler.complete(assignment);
        messageId.ifPresent(id -> {
            threads.remember(id, assignment.operator());
            threadsChanged.set(true);
        });
        removeDelivered(key);
        releaseListeners.forEach(listener -> notifyReleased(listener, assignment, waitedFor));
    }

    private void removeDelivered(MailKey key) {
        try {
            queue.remove(key);
        } catch (MessagingException | RuntimeException e) {
            LOGGER.error("MailPlex {} delivered {} but could not remove it from its queue; it will be delivered again after a restart",
                configuration.account().asString(), key.asString(), e);
        }
    }

    private Duration waited(String ticket) {
        return TicketKeys.parkedAt(ticket).map(parkedAt -> Duration.between(parkedAt, clock.instant())).orElse(Duration.ZERO);
    }

    /** The original message byte for byte, after the MailPlex trace headers. */
    private byte[] traced(Mail mail, Assignment assignment, Instant now) throws MessagingException, IOException {
        StringBuilder headers = new StringBuilder()
            .append(MailPlexHeaders.PLEX).append(": ").append(configuration.account().asString()).append("\r\n")
            .append(MailPlexHeaders.OPERATOR).append(": ").append(assignment.operator()).append("\r\n")
            .append(MailPlexHeaders.QUEUED_AT).append(": ")
            .append(RFC_5322.format(TicketKeys.parkedAt(assignment.ticket()).orElse(now))).append("\r\n")
            .append(MailPlexHeaders.TICKET).append(": ").append(assignment.ticket()).append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 16, Math.max(1024, mail.getMessageSize() + headers.length())));
        out.write(headers.toString().getBytes(StandardCharsets.US_ASCII));
        try (InputStream original = VerbatimMessage.rawStream(mail.getMessage())) {
            original.transferTo(out);
        }
        return out.toByteArray();
    }

    /** Told of every mail released, once it is in the operator's mailbox (webadmin stats, metrics). */
    public interface ReleaseListener {
        void released(PlexDispatcher plex, Assignment assignment, Duration waited);
    }

    public void onRelease(ReleaseListener listener) {
        releaseListeners.add(listener);
    }

    private void notifyReleased(ReleaseListener listener, Assignment assignment, Duration waited) {
        try {
            listener.released(this, assignment, waited);
        } catch (RuntimeException e) {
            LOGGER.warn("MailPlex {} release listener failed for {}", configuration.account().asString(), assignment, e);
        }
    }

    /** What became of an admin's {@link #assignNow(String, String, Duration)}. */
    public enum ManualAssignment {
        /** In the operator's mailbox, out of the queue. */
        DELIVERED,
        /** The mail is no longer in the queue. */
        GONE,
        /** The scheduler does not hold the mail as waiting (being delivered right now). */
        NOT_WAITING,
        /** Delivery failed: the mail waits again at its place. */
        FAILED
    }

    /**
     * An admin's decision: hands a waiting mail to {@code operator} now, whatever the rule says,
     * on the loop thread (so no release races it), and returns once delivery is done.
     */
    public ManualAssignment assignNow(String ticket, String operator, Duration timeout) {
        return onLoop(() -> {
            if (!isParked(ticket)) {
                scheduler.forget(ticket);
                return ManualAssignment.GONE;
            }
            Optional<Assignment> assignment = scheduler.assignTo(ticket, operator);
            if (assignment.isEmpty()) {
                return ManualAssignment.NOT_WAITING;
            }
            LOGGER.info("MailPlex {}: {} handed to {} by an admin", configuration.account().asString(), ticket, operator);
            release(assignment.get());
            return scheduler.isWaiting(ticket) ? ManualAssignment.FAILED : ManualAssignment.DELIVERED;
        }, timeout);
    }

    /** Takes a parked mail out of the queue, on the loop thread; false when it was not there. */
    public boolean removeParked(String ticket, Duration timeout) {
        return onLoop(() -> {
            boolean parked = isParked(ticket);
            if (parked) {
                queue.remove(new MailKey(ticket));
                LOGGER.info("MailPlex {}: {} removed from the queue by an admin", configuration.account().asString(), ticket);
            }
            scheduler.forget(ticket);
            return parked;
        }, timeout);
    }

    private boolean isParked(String ticket) throws MessagingException {
        Mail mail = queue.retrieve(new MailKey(ticket));
        if (mail == null) {
            return false;
        }
        LifecycleUtil.dispose(mail);
        return true;
    }

    private <T> T onLoop(Callable<T> task, Duration timeout) {
        Future<T> future = loop.submit(task);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new IllegalStateException("MailPlex " + configuration.account().asString() + " dispatcher did not answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Map<String, Username> usernames() {
        return usernames;
    }
}
