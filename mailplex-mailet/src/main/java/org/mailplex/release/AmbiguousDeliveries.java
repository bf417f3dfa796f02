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

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

import org.apache.james.core.Username;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.exception.OverQuotaException;
import org.apache.james.mime4j.MimeException;
import org.mailplex.mailbox.OperatorMailboxes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deliveries whose failure may have come after James stored the message (a timeout, a backend
 * write timeout, any failure not known to come before the write): before such a mail is released
 * again, it is looked for in the operator's mailbox by its {@code X-MailPlex-Ticket}, as the
 * start-up recovery does. When the look itself fails, the mail stays "unchecked": it is not
 * released to anyone until a later look answers (its journal entry stays begun, so a restart looks
 * for it too). Used on the release loop; every look is bounded by the call timeout.
 */
final class AmbiguousDeliveries {
    private static final Logger LOGGER = LoggerFactory.getLogger(AmbiguousDeliveries.class);

    /** What a look for a ticket found. */
    enum Found {
        DELIVERED,
        NOT_DELIVERED,
        UNKNOWN
    }

    private final String plex;
    private final OperatorMailboxes mailboxes;
    private final Map<String, Username> usernames;
    private final String mailbox;
    private final BoundedCalls calls;
    /** Key to the operator it may have reached, for the mails whose look failed. */
    private final Map<String, String> unchecked = new ConcurrentHashMap<>();

    AmbiguousDeliveries(String plex, OperatorMailboxes mailboxes, Map<String, Username> usernames, String mailbox,
                        BoundedCalls calls) {
        this.plex = plex;
        this.mailboxes = mailboxes;
        this.usernames = usernames;
        this.mailbox = mailbox;
        this.calls = calls;
    }

    /**
     * False only for failures known to come before James stores anything: not a user, no mailbox,
     * over quota, unreadable MIME, or the bounded call pool refusing to start the delivery at all.
     */
    static boolean isAmbiguous(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OperatorMailboxes.NotAUserException || cause instanceof MailboxNotFoundException
                || cause instanceof OverQuotaException || cause instanceof MimeException || cause instanceof RejectedExecutionException) {
                return false;
            }
        }
        return true;
    }

    /** Looks for {@code key} in the mailbox of {@code operator}; an UNKNOWN answer leaves the mail unchecked. */
    Found look(String key, String operator) {
        try {
            boolean found = calls.call(() -> mailboxes.holdsKey(usernames.get(operator), mailbox, key));
            unchecked.remove(key);
            return found ? Found.DELIVERED : Found.NOT_DELIVERED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOGGER.warn("MailPlex {}: cannot tell whether {} reached the mailbox of {} ({}); it is not released again until that is known",
                plex, key, operator, e.toString());
        }
        unchecked.put(key, operator);
        return Found.UNKNOWN;
    }

    /** The operator an unchecked mail may have reached. */
    Optional<String> uncheckedOperator(String key) {
        return Optional.ofNullable(unchecked.get(key));
    }
}
