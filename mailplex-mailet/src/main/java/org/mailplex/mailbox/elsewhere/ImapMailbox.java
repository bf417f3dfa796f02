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

package org.mailplex.mailbox.elsewhere;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.mail.FetchProfile;
import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.UIDFolder;
import javax.mail.event.MessageCountEvent;
import javax.mail.event.MessageCountListener;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeMessage;
import javax.mail.search.AndTerm;
import javax.mail.search.FlagTerm;
import javax.mail.search.HeaderTerm;
import javax.mail.search.SearchTerm;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.Content;
import org.mailplex.core.BusyWhen;
import org.mailplex.core.MailboxSpec;
import org.mailplex.mailbox.OperatorMailbox;
import org.mailplex.mailbox.OperatorMailboxKind;
import org.mailplex.mailbox.OperatorMailboxes;
import org.mailplex.mailbox.UnreachableMailboxException;
import org.mailplex.matcher.MailPlexHeaders;
import org.mailplex.state.MessageLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.mail.imap.AppendUID;
import com.sun.mail.imap.IMAPFolder;
import com.sun.mail.imap.IMAPMessage;
import com.sun.mail.imap.IMAPStore;

/**
 * One operator's mailbox on another IMAP server. Two connections: a watcher that waits in IDLE
 * (or polls every {@code pollInterval} where IDLE is not offered) and tells MailPlex of every
 * change, reconnecting with a backoff of 1s doubling to 30s while the server is down; and a worker
 * for MailPlex's calls (held count, delivery, ticket search, reclaim), each with socket timeouts
 * below MailPlex's call timeout. While the watcher cannot reach the server, {@link #held} fails at
 * once with {@link UnreachableMailboxException}: she is {@code unreachable}, never blocking the plex.
 */
final class ImapMailbox implements OperatorMailbox {
    private static final Logger LOGGER = LoggerFactory.getLogger(ImapMailbox.class);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** How long a mail handed over by SMTP counts as hers while it has not shown up in her mailbox. */
    static final Duration IN_TRANSIT = Duration.ofMinutes(10);

    private final String operator;
    private final MailboxSpec spec;
    private final URI url;
    private final String folderName;
    private final Runnable changed;
    private final ImapMailboxKind.Deliver deliver;
    private final Duration pollInterval;
    private final Session session;
    private final SmtpHandOver smtp;
    private final AtomicReference<String> problem = new AtomicReference<>("not connected yet");
    private final Map<String, Instant> inTransit = new ConcurrentHashMap<>();
    /** Open until the watcher's first connection attempt has ended, one way or the other. */
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private final Duration firstAttemptWait;
    private final Thread watcher;
    private volatile boolean closed;
    private volatile Store watchingStore;
    private Store store;
    private IMAPFolder folder;
    /** After a failed call, further calls fail at once until then (1 s, doubling to 30 s): a hanging server never holds the plex up. */
    private volatile Instant workerRetryAt = Instant.MIN;
    private Duration workerBackoff = Duration.ZERO;
    private volatile String workerProblem;

    ImapMailbox(OperatorMailboxKind.Target target, SmtpHandOver smtp) {
        this.operator = target.operator();
        this.spec = target.spec();
        this.url = ImapMailboxKind.url(spec);
        this.folderName = ImapMailboxKind.folder(url);
        this.changed = target.changed();
        this.deliver = ImapMailboxKind.deliver(spec);
        this.pollInterval = ImapMailboxKind.pollInterval(spec);
        this.smtp = smtp;
        this.session = Session.getInstance(properties(url.getScheme(), target.callTimeout()));
        Duration half = target.callTimeout().dividedBy(2);
        this.firstAttemptWait = half.compareTo(Duration.ofSeconds(2)) < 0 ? half : Duration.ofSeconds(2);
        this.watcher = new Thread(this::watch, "mailplex-imap-" + operator);
        this.watcher.setDaemon(true);
    }

    private static Properties properties(String protocol, Duration callTimeout) {
        long timeout = Math.max(500, Math.min(callTimeout.toMillis() / 2, 10_000));
        Properties properties = new Properties();
        properties.put("mail." + protocol + ".connectiontimeout", String.valueOf(timeout));
        properties.put("mail." + protocol + ".timeout", String.valueOf(timeout));
        properties.put("mail." + protocol + ".writetimeout", String.valueOf(timeout));
        if (protocol.equals("imaps")) {
            properties.put("mail.imaps.ssl.checkserveridentity", "true");
        }
        return properties;
    }

    void start() {
        watcher.start();
    }

    private Store connect() throws MessagingException {
        Store connected = session.getStore(url.getScheme());
        String password = spec.parameter(MailboxSpec.PASSWORD)
            .orElseGet(() -> ImapMailboxKind.readPassword(Path.of(spec.parameter(ImapMailboxKind.PASSWORD_FILE).orElseThrow())));
        connected.connect(url.getHost(), url.getPort(), spec.parameter(ImapMailboxKind.LOGIN).orElseThrow(), password);
        return connected;
    }

    /** The watcher: IDLE where offered, polling otherwise; every change and every loss of the server is told to MailPlex. */
    private void watch() {
        Duration backoff = Duration.ofSeconds(1);
        while (!closed) {
            Store watching = null;
            try {
                watching = connect();
                watchingStore = watching;
                IMAPFolder watched = (IMAPFolder) watching.getFolder(folderName);
                watched.open(Folder.READ_ONLY);
                watched.addMessageCountListener(new MessageCountListener() {
                    @Override
                    public void messagesAdded(MessageCountEvent event) {
                        changed.run();
                    }

                    @Override
                    public void messagesRemoved(MessageCountEvent event) {
                        changed.run();
                    }
                });
                watched.addMessageChangedListener(event -> changed.run());
                boolean idle = ((IMAPStore) watching).hasCapability("IDLE");
                if (problem.getAndSet(null) != null) {
                    LOGGER.info("MailPlex: the mailbox of {} at {} answers ({})", operator, safeUrl(), idle ? "IDLE" : "polling every "
                        + pollInterval);
                }
                backoff = Duration.ofSeconds(1);
                firstAttempt.countDown();
                workerRetryAt = Instant.MIN;
                changed.run();
                while (!closed) {
                    if (idle) {
                        watched.idle(false);
                    } else {
                        Thread.sleep(pollInterval.toMillis());
                        watched.getMessageCount();
                        watched.doCommand(protocol -> {
                            protocol.noop();
                            return null;
                        });
                    }
                    changed.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (MessagingException | IllegalArgumentException | IllegalStateException e) {
                if (closed) {
                    return;
                }
                String message = "the mailbox of " + operator + " at " + safeUrl() + " cannot be reached: " + describe(e);
                firstAttempt.countDown();
                if (!message.equals(problem.getAndSet(message))) {
                    LOGGER.warn("MailPlex: {}; retrying in {} and then backing off to {}", message, backoff, MAX_BACKOFF);
                }
                changed.run();
            } finally {
                watchingStore = null;
                closeQuietly(watching);
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** A failure without the password: the exception's class and message, and its cause's. */
    private static String describe(Exception e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            text.append(' ').append(e.getMessage());
        }
        if (e.getCause() != null && e.getCause() != e) {
            text.append(" (").append(e.getCause().getClass().getSimpleName()).append(' ').append(e.getCause().getMessage()).append(')');
        }
        return text.toString();
    }

    private String safeUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "") + "/" + folderName;
    }

    private interface Work<T> {
        T run(IMAPFolder folder) throws MessagingException, IOException;
    }

    /** One call on the worker connection, opened when needed; a failure drops the connection so the next call reconnects. */
    private synchronized <T> T work(String what, Work<T> work) throws MailboxException {
        if (closed) {
            throw new UnreachableMailboxException("the mailbox of " + operator + " is closed");
        }
        Instant now = Instant.now();
        if (now.isBefore(workerRetryAt)) {
            throw new UnreachableMailboxException(workerProblem + " (next try in " + Duration.between(now, workerRetryAt).toMillis() + " ms)");
        }
        try {
            if (folder == null || !folder.isOpen() || !store.isConnected()) {
                dropWorker();
                store = connect();
                folder = (IMAPFolder) store.getFolder(folderName);
                folder.open(Folder.READ_WRITE);
            }
            T result = work.run(folder);
            workerBackoff = Duration.ZERO;
            return result;
        } catch (MessagingException | IOException | IllegalArgumentException e) {
            dropWorker();
            workerBackoff = workerBackoff.isZero() ? Duration.ofSeconds(1)
                : workerBackoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : workerBackoff.multipliedBy(2);
            workerRetryAt = Instant.now().plus(workerBackoff);
            workerProblem = "cannot " + what + " the mailbox of " + operator + " at " + safeUrl() + ": " + describe(e);
            throw new UnreachableMailboxException(workerProblem, e);
        }
    }

    private void dropWorker() {
        closeQuietly(store);
        store = null;
        folder = null;
    }

    private static void closeQuietly(Store closing) {
        if (closing != null) {
            try {
                closing.close();
            } catch (MessagingException | RuntimeException e) {
                // going away anyway
            }
        }
    }

    @Override
    public long held(BusyWhen busyWhen) throws MailboxException {
        return held(busyWhen, List.of());
    }

    @Override
    public long held(BusyWhen busyWhen, List<MessageLocation> notices) throws MailboxException {
        try {
            // at start, the watcher's first attempt tells whether her server answers
            firstAttempt.await(firstAttemptWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableMailboxException("interrupted while connecting to the mailbox of " + operator, e);
        }
        String down = problem.get();
        if (down != null) {
            throw new UnreachableMailboxException(down);
        }
        return work("read", watched -> {
            SearchTerm notDeleted = new FlagTerm(new Flags(Flags.Flag.DELETED), false);
            SearchTerm counted = busyWhen == BusyWhen.UNSEEN
                ? new AndTerm(notDeleted, new FlagTerm(new Flags(Flags.Flag.SEEN), false)) : notDeleted;
            long held = 0;
            for (Message message : watched.search(counted)) {
                if (!isNotice(watched, message, notices)) {
                    held++;
                }
            }
            return held + stillInTransit(watched);
        });
    }

    private boolean isNotice(IMAPFolder watched, Message message, List<MessageLocation> notices) throws MessagingException {
        if (notices.isEmpty()) {
            return false;
        }
        long uid = watched.getUID(message);
        long uidValidity = watched.getUIDValidity();
        return notices.stream().anyMatch(notice -> notice.mailbox().equals(folderName) && notice.uidValidity() == uidValidity
            && notice.uid() == uid);
    }

    /** Mails handed over by SMTP that have not shown up in her mailbox yet: hers already. */
    private long stillInTransit(IMAPFolder watched) throws MessagingException {
        long count = 0;
        Instant now = Instant.now();
        for (Map.Entry<String, Instant> handed : inTransit.entrySet()) {
            if (watched.search(new HeaderTerm(MailPlexHeaders.TICKET, handed.getKey())).length > 0) {
                inTransit.remove(handed.getKey());
            } else if (handed.getValue().plus(IN_TRANSIT).isBefore(now)) {
                inTransit.remove(handed.getKey());
                LOGGER.warn("MailPlex: {} handed to James's outgoing pipeline for {} has not shown up in her mailbox in {}; no longer "
                    + "counted as hers (see James's mail queue and its remote delivery)", handed.getKey(), operator, IN_TRANSIT);
            } else {
                count++;
            }
        }
        return count;
    }

    @Override
    public void deliver(Content content, Date internalDate) throws MailboxException {
        if (deliver == ImapMailboxKind.Deliver.SMTP) {
            Optional<String> ticket = ticket(content);
            smtp.send(operator, content, spec.parameter(SmtpHandOver.PROCESSOR).orElse(SmtpHandOver.DEFAULT_PROCESSOR));
            ticket.ifPresent(key -> inTransit.put(key, Instant.now()));
            return;
        }
        work("deliver to", watched -> {
            watched.appendMessages(new Message[] {new StreamedMessage(session, content)});
            return null;
        });
    }

    /**
     * The mail as its bytes, streamed from {@code content} each time it is written (once to count
     * it, once to send it), never parsed nor held in memory whole: the APPEND sends it verbatim.
     */
    private static final class StreamedMessage extends MimeMessage {
        private final Content content;

        private StreamedMessage(Session session, Content content) {
            super(session);
            this.content = content;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = content.getInputStream()) {
                in.transferTo(out);
            }
        }

        @Override
        public void writeTo(OutputStream out, String[] ignoreList) throws IOException {
            writeTo(out);
        }
    }

    private static Optional<String> ticket(Content content) throws MailboxException {
        try (InputStream in = content.getInputStream()) {
            String[] values = new InternetHeaders(in).getHeader(MailPlexHeaders.TICKET);
            return values == null || values.length == 0 ? Optional.empty() : Optional.of(values[0].trim());
        } catch (IOException | MessagingException e) {
            throw new MailboxException("cannot read the ticket of a mail for the mailbox elsewhere", e);
        }
    }

    @Override
    public boolean holdsTicket(String key) throws MailboxException {
        if (inTransit.containsKey(key)) {
            return true;
        }
        return work("search", watched -> watched.search(new HeaderTerm(MailPlexHeaders.TICKET, key)).length > 0);
    }

    /** The watcher's problem while it cannot reach her server; else the last failed call's, while calls back off. */
    @Override
    public Optional<String> problem() {
        String down = problem.get();
        if (down == null && Instant.now().isBefore(workerRetryAt)) {
            down = workerProblem;
        }
        return Optional.ofNullable(down);
    }

    private static boolean opened(Flags flags) {
        return flags.contains(Flags.Flag.SEEN) || flags.contains(Flags.Flag.FLAGGED) || flags.contains(Flags.Flag.ANSWERED)
            || flags.contains(Flags.Flag.DELETED) || flags.contains(OperatorMailboxes.OPENED);
    }

    @Override
    public List<OperatorMailboxes.Unopened> unopenedBefore(Instant deliveredBefore) throws MailboxException {
        return work("search", watched -> {
            Message[] candidates = watched.search(new AndTerm(new SearchTerm[] {
                new FlagTerm(new Flags(Flags.Flag.SEEN), false), new FlagTerm(new Flags(Flags.Flag.FLAGGED), false),
                new FlagTerm(new Flags(Flags.Flag.ANSWERED), false), new FlagTerm(new Flags(Flags.Flag.DELETED), false)}));
            FetchProfile profile = new FetchProfile();
            profile.add(FetchProfile.Item.FLAGS);
            profile.add(FetchProfile.Item.ENVELOPE);
            profile.add(UIDFolder.FetchProfileItem.UID);
            profile.add(MailPlexHeaders.TICKET);
            watched.fetch(candidates, profile);
            List<OperatorMailboxes.Unopened> unopened = new ArrayList<>();
            for (Message message : candidates) {
                Date received = message.getReceivedDate();
                if (message.getHeader(MailPlexHeaders.TICKET) == null || received == null || opened(message.getFlags())
                    || !received.toInstant().isBefore(deliveredBefore)) {
                    continue;
                }
                unopened.add(new OperatorMailboxes.Unopened(new MessageLocation(folderName, watched.getUIDValidity(), watched.getUID(message)),
                    received.toInstant(), headers(message)));
            }
            return unopened;
        });
    }

    private static InternetHeaders headers(Message message) throws MessagingException {
        StringBuilder lines = new StringBuilder();
        Enumeration<?> all = ((MimeMessage) message).getAllHeaderLines();
        while (all.hasMoreElements()) {
            lines.append(all.nextElement()).append("\r\n");
        }
        return new InternetHeaders(new ByteArrayInputStream(lines.append("\r\n").toString().getBytes(StandardCharsets.UTF_8)));
    }

    private Optional<Message> at(IMAPFolder watched, MessageLocation location) throws MessagingException {
        if (!location.mailbox().equals(folderName) || watched.getUIDValidity() != location.uidValidity()) {
            return Optional.empty();
        }
        return Optional.ofNullable(watched.getMessageByUID(location.uid())).filter(message -> !message.isExpunged());
    }

    @Override
    public Optional<Content> unopenedContent(MessageLocation location) throws MailboxException {
        return work("read", watched -> {
            Optional<Message> message = at(watched, location);
            if (message.isEmpty() || opened(message.get().getFlags())) {
                return Optional.empty();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            // reading it must not open it: BODY.PEEK leaves \Seen alone
            ((IMAPMessage) message.get()).setPeek(true);
            message.get().writeTo(bytes);
            return Optional.of(new ByteContent(bytes.toByteArray()));
        });
    }

    @Override
    public OperatorMailboxes.Removal removeUnopened(MessageLocation location) throws MailboxException {
        return work("take back from", watched -> {
            Optional<Message> message = at(watched, location);
            if (message.isEmpty()) {
                return OperatorMailboxes.Removal.GONE;
            }
            if (opened(message.get().getFlags())) {
                return OperatorMailboxes.Removal.OPENED;
            }
            message.get().setFlag(Flags.Flag.DELETED, true);
            watched.expunge(new Message[] {message.get()});
            return OperatorMailboxes.Removal.REMOVED;
        });
    }

    @Override
    public MessageLocation leaveNotice(Content content, Instant at) throws MailboxException {
        return work("leave a notice in", watched -> {
            try (InputStream in = content.getInputStream()) {
                MimeMessage notice = new MimeMessage(session, in);
                AppendUID[] appended = watched.appendUIDMessages(new Message[] {notice});
                if (appended == null || appended.length == 0 || appended[0] == null) {
                    throw new MessagingException("the server did not say where the notice is (no UIDPLUS)");
                }
                return new MessageLocation(folderName, appended[0].uidvalidity, appended[0].uid);
            }
        });
    }

    @Override
    public OperatorMailboxes.NoticeStatus notice(MessageLocation location) throws MailboxException {
        return work("read", watched -> {
            if (!location.mailbox().equals(folderName) || watched.getUIDValidity() != location.uidValidity()) {
                return OperatorMailboxes.NoticeStatus.LOST;
            }
            Message message = watched.getMessageByUID(location.uid());
            if (message == null || message.isExpunged()) {
                return OperatorMailboxes.NoticeStatus.GONE;
            }
            Flags flags = message.getFlags();
            return flags.contains(Flags.Flag.SEEN) || flags.contains(Flags.Flag.DELETED) ? OperatorMailboxes.NoticeStatus.READ
                : OperatorMailboxes.NoticeStatus.UNREAD;
        });
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(watchingStore);
        watcher.interrupt();
        synchronized (this) {
            dropWorker();
        }
    }
}
