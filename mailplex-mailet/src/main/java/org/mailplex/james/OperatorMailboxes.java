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

package org.mailplex.james;

import java.util.Date;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.Content;
import org.apache.james.mailbox.model.MailboxCounters;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.mailplex.core.BusyWhen;
import org.mailplex.matcher.MailPlexHeaders;

import reactor.core.publisher.Flux;

/**
 * Operators' watched mailboxes, through James's mailbox API: how many messages they hold, and
 * delivery. Appending is synchronous, so a held count read after a delivery includes it.
 */
public class OperatorMailboxes {
    private final MailboxManager mailboxManager;
    private final UsersRepository usersRepository;

    @Inject
    public OperatorMailboxes(MailboxManager mailboxManager, UsersRepository usersRepository) {
        this.mailboxManager = mailboxManager;
        this.usersRepository = usersRepository;
    }

    /** The James user owning {@code operator}'s mailboxes, with or without virtual hosting. */
    public Username username(MailAddress operator) throws UsersRepositoryException {
        return usersRepository.getUsername(operator);
    }

    /**
     * Held messages in the watched mailbox; a mailbox that does not exist yet holds nothing. A
     * message flagged {@code \Deleted} is gone for the operator: many IMAP clients expunge only when
     * they close the folder, and the operator must not stay busy until then.
     */
    public long held(Username operator, String mailbox, BusyWhen busyWhen) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(operator);
        mailboxManager.startProcessingRequest(session);
        try {
            MessageManager messageManager = mailboxManager.getMailbox(MailboxPath.forUser(operator, mailbox), session);
            MailboxCounters counters = messageManager.getMailboxCounters(session);
            long held = busyWhen.held(counters.getCount(), counters.getUnseen());
            if (held == 0) {
                return 0;
            }
            SearchQuery.Criterion deleted = busyWhen == BusyWhen.UNSEEN
                ? SearchQuery.and(SearchQuery.flagIsSet(Flags.Flag.DELETED), SearchQuery.flagIsUnSet(Flags.Flag.SEEN))
                : SearchQuery.flagIsSet(Flags.Flag.DELETED);
            Long flaggedDeleted = Flux.from(messageManager.search(SearchQuery.of(deleted), session)).count().block();
            return Math.max(0, held - (flaggedDeleted == null ? 0 : flaggedDeleted));
        } catch (MailboxNotFoundException e) {
            return 0;
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    /**
     * Appends {@code content} to the watched mailbox, creating the mailbox when it is missing.
     * Refuses an operator who is not a James user: the mailbox API would happily create a mailbox
     * nobody can log in to.
     */
    public void deliver(Username operator, String mailbox, Content content, Date internalDate) throws MailboxException {
        requireUser(operator);
        MailboxSession session = mailboxManager.createSystemSession(operator);
        mailboxManager.startProcessingRequest(session);
        try {
            MailboxPath path = MailboxPath.forUser(operator, mailbox);
            MessageManager messageManager;
            try {
                messageManager = mailboxManager.getMailbox(path, session);
            } catch (MailboxNotFoundException e) {
                mailboxManager.createMailbox(path, session);
                messageManager = mailboxManager.getMailbox(path, session);
            }
            messageManager.appendMessage(MessageManager.AppendCommand.builder()
                .recent()
                .isDelivery(true)
                .withInternalDate(internalDate)
                .build(content), session);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    /** Whether the watched mailbox holds the mail MailPlex released under {@code key} (its ticket trace header). */
    public boolean holdsKey(Username operator, String mailbox, String key) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(operator);
        mailboxManager.startProcessingRequest(session);
        try {
            MessageManager messageManager = mailboxManager.getMailbox(MailboxPath.forUser(operator, mailbox), session);
            SearchQuery query = SearchQuery.of(SearchQuery.headerContains(MailPlexHeaders.TICKET, key));
            return Boolean.TRUE.equals(Flux.from(messageManager.search(query, session)).hasElements().block());
        } catch (MailboxNotFoundException e) {
            return false;
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
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
