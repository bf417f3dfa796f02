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

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import org.apache.james.mailbox.exception.OverQuotaException;
import org.apache.james.mime4j.MimeException;
import org.mailplex.mailbox.OperatorMailboxes;

/**
 * Whose fault a failed delivery is, and what a mail that failed because of itself does next.
 *
 * <p>Refused by the operator's mailbox ({@link #isRefusal}): over her quota (James 3.8.1 enforces
 * it on delivery) or an I/O failure. A failure of this mail with this operator: the mail goes to the
 * next operator who may take it ({@link OperatorRefusals}).</p>
 *
 * <p>The mail's fault: unreadable MIME, or too much for memory (an {@link Error}). It would fail for
 * every operator, so it steps aside for {@value #BACKOFF_SECONDS} s, doubled at each attempt, while
 * the mails behind it go out, and after {@value #ATTEMPTS} attempts it is set aside. Anything else
 * (not a James user, a failing mailbox) is the operator's.</p>
 */
final class MailFailures {
    static final int ATTEMPTS = 3;
    static final long BACKOFF_SECONDS = 1;

    /** Failed attempts of the mails still trying; the newest {@value #MAX_TRACKED} at most (an admin may delete a mail meanwhile). */
    static final int MAX_TRACKED = 10_000;

    private final ConcurrentSkipListMap<String, Integer> attempts = new ConcurrentSkipListMap<>();

    static boolean isTheMails(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OperatorMailboxes.NotAUserException) {
                return false;
            }
            if (cause instanceof OverQuotaException || cause instanceof MimeException || cause instanceof IOException
                || cause instanceof Error) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the operator's mailbox refused the mail: over quota, or an {@link IOException} that is
     * not the mail's unreadable MIME. A failure of this mail with this operator: it goes to someone else.
     */
    static boolean isRefusal(Throwable failure) {
        boolean refusal = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OperatorMailboxes.NotAUserException || cause instanceof MimeException) {
                return false;
            }
            if (cause instanceof OverQuotaException || cause instanceof IOException) {
                refusal = true;
            }
        }
        return refusal;
    }

    /** Counts one more failure of {@code key}: how long it steps aside, or empty when it is to be set aside. */
    Optional<Duration> failed(String key) {
        int count = attempts.merge(key, 1, Integer::sum);
        while (attempts.size() > MAX_TRACKED) {
            attempts.pollFirstEntry();
        }
        if (count >= ATTEMPTS) {
            attempts.remove(key);
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(BACKOFF_SECONDS << (count - 1)));
    }

    int attempts(String key) {
        return attempts.getOrDefault(key, 0);
    }

    int tracked() {
        return attempts.size();
    }

    void forget(String key) {
        attempts.remove(key);
    }
}
