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

import java.io.Closeable;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Content;
import org.mailplex.core.BusyWhen;
import org.mailplex.state.MessageLocation;

/**
 * An operator mailbox that is not her watched mailbox in this James: the extension point a kind
 * ({@link OperatorMailboxKind}) opens for one operator. MailPlex calls it from its release loop
 * through its bounded calls (each call is cut off after {@code callTimeout}), so an
 * implementation may block, but should give up on its own well within that time.
 *
 * <p>What MailPlex relies on: {@link #held} is what she holds now; {@link #deliver} returns only
 * once the mail is accepted (an exception that may come after acceptance is ambiguous: MailPlex
 * then looks for the mail with {@link #holdsTicket} before giving it to anyone again); {@link
 * #holdsTicket} answers whether the mail released under that ticket ({@code X-MailPlex-Ticket}) is
 * there, which is what makes a delivery exactly once across a crash; reclaim uses the unopened
 * mails and the notices, whose defaults say "nothing to take back" and "no notice". When the mailbox cannot be reached, throw
 * {@link UnreachableMailboxException}: she is then shown {@code unreachable} and gets nothing
 * until a later {@link #held} answers. Tell MailPlex her load changed through the {@code changed}
 * callback the kind was given.</p>
 */
public interface OperatorMailbox extends Closeable {
    /** How many mails she holds now, counted as {@code busyWhen} says. */
    long held(BusyWhen busyWhen) throws MailboxException;

    /** The same, leaving out the {@code notices} MailPlex left there (a notice is no mail she holds). */
    default long held(BusyWhen busyWhen, List<MessageLocation> notices) throws MailboxException {
        return held(busyWhen);
    }

    /** Hands her one mail ({@code content}: the parked mail with its trace headers first). */
    void deliver(Content content, Date internalDate) throws MailboxException;

    /** Whether the mail MailPlex released under {@code key} reached her (its {@code X-MailPlex-Ticket}). */
    boolean holdsTicket(String key) throws MailboxException;

    /** The last failure to reach her mailbox while it lasts; empty while it answers. */
    Optional<String> problem();

    /** Her unopened mails carrying a MailPlex ticket, delivered before {@code deliveredBefore}: what a reclaim may take back. */
    default List<OperatorMailboxes.Unopened> unopenedBefore(Instant deliveredBefore) throws MailboxException {
        return List.of();
    }

    /** The content of an unopened mail, to put it back into the queue; empty once opened or gone. */
    default Optional<Content> unopenedContent(MessageLocation location) throws MailboxException {
        return Optional.empty();
    }

    /** Takes an unopened mail out of her mailbox; one she opened meanwhile stays. */
    default OperatorMailboxes.Removal removeUnopened(MessageLocation location) throws MailboxException {
        return OperatorMailboxes.Removal.GONE;
    }

    /**
     * Leaves a notice (a reclaim tells her why she is away), unread, where she reads her mail;
     * returns where it is. The default cannot: she is then away until an admin resumes her.
     */
    default MessageLocation leaveNotice(Content content, Instant at) throws MailboxException {
        throw new MailboxException("a mailbox of kind " + getClass().getSimpleName() + " takes no notice");
    }

    /** What she did with a notice {@link #leaveNotice} left; the default: it is lost. */
    default OperatorMailboxes.NoticeStatus notice(MessageLocation location) throws MailboxException {
        return OperatorMailboxes.NoticeStatus.LOST;
    }

    /** Ends whatever it keeps open (connections, watching threads). */
    @Override
    void close();
}
