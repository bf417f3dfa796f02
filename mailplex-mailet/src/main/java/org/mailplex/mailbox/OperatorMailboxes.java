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
package org.mailplex.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.Flags;
import javax.mail.MessagingException;
import javax.mail.internet.InternetHeaders;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.Content;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxCounters;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.mailplex.core.BusyWhen;
import org.mailplex.matcher.MailPlexHeaders;
import org.mailplex.state.MessageLocation;
import org.mailplex.state.Notice;

import reactor.core.publisher.Flux;

/**
 * Operators' watched mailboxes, through James's mailbox API: how many messages they hold,
 * delivery, and what a reclaim needs (unopened mail, taking it out, notices). Appending is
 * synchronous, so a held count read after a delivery includes it. Every call opens a system
 * session of the operator, so a change made here is never mistaken for one of theirs.
 */
public class OperatorMailboxes {
    /** The keyword a message MailPlex delivered keeps once it was seen, whatever its flags later. */
    public static final String OPENED = "$MailPlexOpened";
    /**
     * The keyword every notice MailPlex leaves carries: a message with it is never mail the operator
     * holds, whether MailPlex still remembers the notice or not. Only MailPlex and the operator's own
     * client can set a keyword; a sender cannot.
     */
    public static final String NOTICE = "$MailPlexNotice";

    private final MailboxManager mailboxManager;
    private final UsersRepository usersRepository;
    private final OperatorMailboxRegistry elsewhere;

    /** Local operators only. */
    public OperatorMailboxes(MailboxManager mailboxManager, UsersRepository usersRepository) {
        this(mailboxManager, usersRepository, OperatorMailboxRegistry.localOnly());
    }

    /** Operators whose mailbox is elsewhere ({@link OperatorMailbox}) are served by {@code elsewhere}, the others here. */
    @Inject
    public OperatorMailboxes(MailboxManager mailboxManager, UsersRepository usersRepository, OperatorMailboxRegistry elsewhere) {
        this.mailboxManager = mailboxManager;
        this.usersRepository = usersRepository;
        this.elsewhere = elsewhere;
    }

    /** The operator mailboxes that are not in this James. */
    public OperatorMailboxRegistry elsewhere() {
        return elsewhere;
    }

    /** The James user owning {@code operator}'s mailboxes, with or without virtual hosting. */
    public Username username(MailAddress operator) throws UsersRepositoryException {
        return usersRepository.getUsername(operator);
    }

    private interface SessionWork<T> {
        T run(MailboxSession session) throws MailboxException;
    }

    private <T> T inSession(Username operator, SessionWork<T> work) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(operator);
        mailboxManager.startProcessingRequest(session);
        try {
            return work.run(session);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    /**
     * Held messages as {@link #held(Username, String, BusyWhen)} counts them, less the
     * {@code notices} MailPlex left in that mailbox (a notice is never a mail the operator holds).
     */
    public long held(Username operator, String mailbox, BusyWhen busyWhen, List<Notice> notices) throws MailboxException {
        Optional<OperatorMailbox> remote = elsewhere.of(operator);
        if (remote.isPresent()) {
            List<MessageLocation> left = new ArrayList<>();
            notices.forEach(notice -> left.add(notice.location()));
            return remote.get().held(busyWhen, left);
        }
        return inSession(operator, session -> {
            Optional<MessageManager> watched = existing(operator, mailbox, session);
            if (watched.isEmpty()) {
                // no mailbox yet holds nothing, unless there is no such user: then nothing can be delivered either
                requireUser(operator);
                return 0L;
            }
            MessageManager messageManager = watched.get();
            MailboxCounters counters = messageManager.getMailboxCounters(session);
            long held = busyWhen.held(counters.getCount(), counters.getUnseen());
            if (held == 0) {
                return 0L;
            }
            // one search: what the counters counted that is no held mail (flagged deleted, or a notice)
            SearchQuery.Criterion notHeld = SearchQuery.or(SearchQuery.flagIsSet(Flags.Flag.DELETED), SearchQuery.flagIsSet(NOTICE));
            SearchQuery.Criterion deleted = busyWhen == BusyWhen.UNSEEN
                ? SearchQuery.and(notHeld, SearchQuery.flagIsUnSet(Flags.Flag.SEEN))
                : notHeld;
            Long flaggedDeleted = Flux.from(messageManager.search(SearchQuery.of(deleted), session)).count().block();
            long countedNotices = countedNotices(messageManager, mailbox, busyWhen, notices, session);
            return Math.max(0, held - (flaggedDeleted == null ? 0 : flaggedDeleted) - countedNotices);
        });
    }

    /**
     * Notices in this very mailbox that the held count counted: there, without the {@value #NOTICE}
     * keyword (left by a version before it), not flagged deleted (and unseen, for busyWhen=unseen).
     */
    private static long countedNotices(MessageManager messageManager, String mailbox, BusyWhen busyWhen, List<Notice> notices,
                                       MailboxSession session) throws MailboxException {
        long counted = 0;
        for (Notice notice : notices) {
            MessageLocation location = notice.location();
            if (!location.mailbox().equals(mailbox) || location.uidValidity() != uidValidity(messageManager)) {
                continue;
            }
            Optional<Flags> flags = flags(messageManager, location.uid(), session);
            if (flags.isPresent() && !flags.get().contains(Flags.Flag.DELETED) && !flags.get().contains(NOTICE)
                && (busyWhen != BusyWhen.UNSEEN || !flags.get().contains(Flags.Flag.SEEN))) {
                counted++;
            }
        }
        return counted;
    }

    private static long uidValidity(MessageManager messageManager) throws MailboxException {
        return messageManager.getMailboxEntity().getUidValidity().asLong();
    }

    private static Optional<Flags> flags(MessageManager messageManager, long uid, MailboxSession session) throws MailboxException {
        Iterator<MessageResult> results = messageManager.getMessages(MessageRange.one(MessageUid.of(uid)), FetchGroup.MINIMAL, session);
        return results.hasNext() ? Optional.of(results.next().getFlags()) : Optional.empty();
    }

    /** The operator's mailbox of that name; empty when it does not exist (yet). */
    private Optional<MessageManager> existing(Username operator, String mailbox, MailboxSession session) throws MailboxException {
        try {
            return Optional.of(mailboxManager.getMailbox(MailboxPath.forUser(operator, mailbox), session));
        } catch (MailboxNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The mailbox {@code location} names, if it is still that mailbox (same UID validity). */
    private Optional<MessageManager> mailboxAt(Username operator, MessageLocation location, MailboxSession session)
        throws MailboxException {
        Optional<MessageManager> messageManager = existing(operator, location.mailbox(), session);
        return messageManager.isPresent() && uidValidity(messageManager.get()) == location.uidValidity() ? messageManager
            : Optional.empty();
    }

    /** The watched mailbox, created when it is missing. */
    private MessageManager mailboxCreatingIt(Username operator, String mailbox, MailboxSession session) throws MailboxException {
        Optional<MessageManager> existing = existing(operator, mailbox, session);
        if (existing.isPresent()) {
            return existing.get();
        }
        MailboxPath path = MailboxPath.forUser(operator, mailbox);
        mailboxManager.createMailbox(path, session);
        return mailboxManager.getMailbox(path, session);
    }

    /**
     * Whether a message has been opened: seen, flagged, answered or deleted, or seen once and marked
     * unread since ({@value #OPENED}). Such a mail is never taken back.
     */
    private static boolean opened(Flags flags) {
        return flags.contains(Flags.Flag.SEEN) || flags.contains(Flags.Flag.FLAGGED) || flags.contains(Flags.Flag.ANSWERED)
            || flags.contains(Flags.Flag.DELETED) || flags.contains(OPENED);
    }

    /**
     * Marks the messages {@code uids} of a mailbox of {@code operator} opened for good: those that
     * carry a MailPlex ticket get the {@value #OPENED} keyword, which stays when \Seen is taken off.
     */
    public void markOpened(Username operator, MailboxId mailboxId, List<MessageUid> uids) throws MailboxException {
        inSession(operator, session -> {
            markOpened(mailboxManager.getMailbox(mailboxId, session), uids, session);
            return null;
        });
    }

    private static void markOpened(MessageManager messageManager, List<MessageUid> uids, MailboxSession session) throws MailboxException {
        for (MessageUid uid : uids) {
            Iterator<MessageResult> results = messageManager.getMessages(MessageRange.one(uid), FetchGroup.HEADERS, session);
            if (results.hasNext() && headers(results.next()).getHeader(MailPlexHeaders.TICKET) != null) {
                messageManager.setFlags(new Flags(OPENED), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(uid), session);
            }
        }
    }

    /** Marks the message {@code uid} of the operator's INBOX seen, as a POP3 retrieval of it opens it; then {@link #markOpened}. */
    public void markRetrieved(Username operator, MessageUid uid) throws MailboxException {
        inSession(operator, session -> {
            MessageManager inbox = mailboxManager.getMailbox(MailboxPath.inbox(operator), session);
            inbox.setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(uid), session);
            markOpened(inbox, List.of(uid), session);
            return null;
        });
    }

    /** A mail in a watched mailbox nobody opened, delivered at {@code deliveredAt}, with its header fields. */
    public static final class Unopened {
        private final MessageLocation location;
        private final Instant deliveredAt;
        private final InternetHeaders headers;

        public Unopened(MessageLocation location, Instant deliveredAt, InternetHeaders headers) {
            this.location = location;
            this.deliveredAt = deliveredAt;
            this.headers = headers;
        }

        public MessageLocation location() {
            return location;
        }

        public Instant deliveredAt() {
            return deliveredAt;
        }

        /** Every value of header {@code name}, trimmed; empty when there is none. */
        public List<String> header(String name) {
            String[] values = headers.getHeader(name);
            List<String> trimmed = new ArrayList<>();
            if (values != null) {
                for (String value : values) {
                    trimmed.add(value.trim());
                }
            }
            return trimmed;
        }
    }

    /**
     * The messages in the watched mailbox that carry a MailPlex ticket, were delivered before
     * {@code deliveredBefore}, and are neither seen, flagged, answered nor deleted.
     */
    public List<Unopened> unopenedBefore(Username operator, String mailbox, Instant deliveredBefore) throws MailboxException {
        Optional<OperatorMailbox> remote = elsewhere.of(operator);
        if (remote.isPresent()) {
            return remote.get().unopenedBefore(deliveredBefore);
        }
        return inSession(operator, session -> {
            Optional<MessageManager> watched = existing(operator, mailbox, session);
            if (watched.isEmpty()) {
                return List.of();
            }
            MessageManager messageManager = watched.get();
            SearchQuery query = SearchQuery.of(SearchQuery.flagIsUnSet(Flags.Flag.SEEN), SearchQuery.flagIsUnSet(Flags.Flag.FLAGGED),
                SearchQuery.flagIsUnSet(Flags.Flag.ANSWERED), SearchQuery.flagIsUnSet(Flags.Flag.DELETED),
                SearchQuery.headerExists(MailPlexHeaders.TICKET));
            List<MessageUid> uids = Flux.from(messageManager.search(query, session)).collectList().block();
            List<Unopened> unopened = new ArrayList<>();
            if (uids == null || uids.isEmpty()) {
                return unopened;
            }
            long uidValidity = uidValidity(messageManager);
            for (MessageUid uid : uids) {
                Iterator<MessageResult> results = messageManager.getMessages(MessageRange.one(uid), FetchGroup.HEADERS, session);
                if (results.hasNext()) {
                    MessageResult result = results.next();
                    Instant deliveredAt = result.getInternalDate().toInstant();
                    if (deliveredAt.isBefore(deliveredBefore) && !opened(result.getFlags())) {
                        unopened.add(new Unopened(new MessageLocation(mailbox, uidValidity, uid.asLong()), deliveredAt, headers(result)));
                    }
                }
            }
            return unopened;
        });
    }

    private static InternetHeaders headers(MessageResult result) throws MailboxException {
        try (InputStream in = result.getHeaders().getInputStream()) {
            return new InternetHeaders(in);
        } catch (IOException | MessagingException e) {
            throw new MailboxException("cannot read the header of message " + result.getUid().asLong(), e);
        }
    }

    /** The content of an unopened message, to put it back into a queue; empty once it was opened or is gone. */
    public Optional<Content> unopenedContent(Username operator, MessageLocation location) throws MailboxException {
        Optional<OperatorMailbox> remote = elsewhere.of(operator);
        if (remote.isPresent()) {
            return remote.get().unopenedContent(location);
        }
        return inSession(operator, session -> {
            Optional<MessageManager> messageManager = mailboxAt(operator, location, session);
            if (messageManager.isEmpty()) {
                return Optional.empty();
            }
            Iterator<MessageResult> results = messageManager.get().getMessages(MessageRange.one(MessageUid.of(location.uid())),
                FetchGroup.FULL_CONTENT, session);
            if (!results.hasNext()) {
                return Optional.empty();
            }
            MessageResult result = results.next();
            try {
                return opened(result.getFlags()) ? Optional.empty() : Optional.of(result.getFullContent());
            } catch (IOException e) {
                throw new MailboxException("cannot read message " + location + " of " + operator.asString(), e);
            }
        });
    }

    /** What became of a message MailPlex meant to take back. */
    public enum Removal {
        /** Taken out of the mailbox. */
        REMOVED,
        /** Opened meanwhile: it stays with the operator. */
        OPENED,
        /** Not there any more (expunged by the operator, or the mailbox is another one now). */
        GONE
    }

    /** Removes an unopened message from the mailbox; one the operator opened meanwhile stays. */
    public Removal removeUnopened(Username operator, MessageLocation location) throws MailboxException {
        Optional<OperatorMailbox> remote = elsewhere.of(operator);
        if (remote.isPresent()) {
            return remote.get().removeUnopened(location);
        }
        return inSession(operator, session -> {
            Optional<MessageManager> messageManager = mailboxAt(operator, location, session);
            Optional<Flags> flags = messageManager.isPresent() ? flags(messageManager.get(), location.uid(), session) : Optional.empty();
            if (flags.isEmpty()) {
                return Removal.GONE;
            }
            if (opened(flags.get())) {
                return Removal.OPENED;
            }
            messageManager.get().delete(List.of(MessageUid.of(location.uid())), session);
            return Removal.REMOVED;
        });
    }

    /** What an operator did with a notice. */
    public enum NoticeStatus {
        UNREAD,
        /** Seen or flagged deleted. */
        READ,
        /** Expunged from its mailbox. */
        GONE,
        /** Its mailbox is gone or is another one now (deleted and created again, or a memory James restarted). */
        LOST
    }

    public NoticeStatus notice(Username operator, Notice notice) throws MailboxException {
        Optional<OperatorMailbox> remote = elsewhere.of(operator);
        if (remote.isPresent()) {
            return remote.get().notice(notice.location());
        }
        return inSession(operator, session -> {
            Optional<MessageManager> messageManager = mailboxAt(operator, notice.location(), session);
            if (messageManager.isEmpty()) {
                return NoticeStatus.LOST;
            }
            Optional<Flags> flags = flags(messageManager.get(), notice.location().uid(), session);
            if (flags.isEmpty()) {
                return NoticeStatus.GONE;
            }
            return flags.get().contains(Flags.Flag.SEEN) || flags.get().contains(Flags.Flag.DELETED) ? NoticeStatus.READ
                : NoticeStatus.UNREAD;
        });
    }

    /**
     * Gives an older notice the {@value #NOTICE} keyword, so that it never counts as held mail once
     * MailPlex forgets it; nothing when it is gone.
     */
    public void markNotice(Username operator, Notice notice) throws MailboxException {
        inSession(operator, session -> {
            Optional<MessageManager> messageManager = mailboxAt(operator, notice.location(), session);
            MessageRange uid = MessageRange.one(MessageUid.of(notice.location().uid()));
            if (messageManager.isPresent() && flags(messageManager.get(), notice.location().uid(), session)
                .filter(flags -> !flags.contains(NOTICE)).isPresent()) {
                messageManager.get().setFlags(new Flags(NOTICE), MessageManager.FlagsUpdateMode.ADD, uid, session);
            }
            return null;
        });
    }

    /** Leaves a notice, unread, in the mailbox (creating it when missing); returns where it is. */
    public Notice leaveNotice(Username operator, String operatorName, String mailbox, Content content, Instant at) throws MailboxException {
        Optional<OperatorMailbox> remote = elsewhere.of(operator);
        if (remote.isPresent()) {
            return new Notice(operatorName, remote.get().leaveNotice(content, at), at);
        }
        requireUser(operator);
        return inSession(operator, session -> {
            MessageManager messageManager = mailboxCreatingIt(operator, mailbox, session);
            MessageManager.AppendResult appended = messageManager.appendMessage(MessageManager.AppendCommand.builder()
                .withFlags(new Flags(NOTICE))
                .recent()
                .withInternalDate(Date.from(at))
                .build(content), session);
            return new Notice(operatorName, new MessageLocation(mailbox, uidValidity(messageManager), appended.getId().getUid().asLong()),
                at);
        });
    }

    /**
     * Appends {@code content} to the watched mailbox, creating the mailbox when it is missing.
     * Refuses an operator who is not a James user: the mailbox API would happily create a mailbox
     * nobody can log in to.
     */
    public void deliver(Username operator, String mailbox, Content content, Date internalDate) throws MailboxException {
        Optional<OperatorMailbox> remote = elsewhere.of(operator);
        if (remote.isPresent()) {
            remote.get().deliver(content, internalDate);
            return;
        }
        requireUser(operator);
        inSession(operator, session -> mailboxCreatingIt(operator, mailbox, session).appendMessage(MessageManager.AppendCommand.builder()
            .recent()
            .isDelivery(true)
            .withInternalDate(internalDate)
            .build(content), session));
    }

    /** Whether the watched mailbox holds the mail MailPlex released under {@code key} (its ticket trace header). */
    public boolean holdsKey(Username operator, String mailbox, String key) throws MailboxException {
        Optional<OperatorMailbox> remote = elsewhere.of(operator);
        if (remote.isPresent()) {
            return remote.get().holdsTicket(key);
        }
        return inSession(operator, session -> {
            Optional<MessageManager> watched = existing(operator, mailbox, session);
            SearchQuery query = SearchQuery.of(SearchQuery.headerContains(MailPlexHeaders.TICKET, key));
            return watched.isPresent() && Boolean.TRUE.equals(Flux.from(watched.get().search(query, session)).hasElements().block());
        });
    }

    private void requireUser(Username operator) throws MailboxException {
        try {
            if (!usersRepository.contains(operator)) {
                throw new NotAUserException(operator);
            }
        } catch (UsersRepositoryException e) {
            throw new MailboxException("cannot check that " + operator.asString() + " is a James user", e);
        }
    }

    /** The operator is no James user: a failure of the operator, not of the mail. */
    public static class NotAUserException extends MailboxException {
        NotAUserException(Username operator) {
            super(operator.asString() + " is not a James user: create it, or take it off the roster");
        }
    }
}
