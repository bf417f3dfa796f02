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

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.mailplex.core.Release;
import org.mailplex.mailbox.OperatorMailboxes;
import org.mailplex.state.ReleaseJournalStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Finishes, at start, the releases the last run journalled but did not finish: a mail marked
 * delivered, or found in its operator's mailbox by its {@code X-MailPlex-Ticket}, leaves the
 * queue instead of being delivered twice; any other is released again as usual.
 */
public final class InterruptedReleases {
    private static final Logger LOGGER = LoggerFactory.getLogger(InterruptedReleases.class);

    private InterruptedReleases() {
    }

    /**
     * Removes what was delivered from {@code parked} and from the queue; returns how many. A
     * delivered mail whose removal fails leaves {@code parked} all the same: it stays delivered,
     * not removed ({@link QueueRemovals}), and is never released again.
     */
    static int finish(ReleaseParts parts, ReleaseJournalStore.Recovery recovery, List<String> parked, QueueRemovals removals, Instant now)
        throws Exception {
        String plex = parts.configuration.account().asString();
        ReleaseJournalStore journal = parts.journal;
        OperatorMailboxes mailboxes = parts.mailboxes;
        Map<String, Username> usernames = parts.usernames;
        String mailbox = parts.configuration.mailbox();
        int finished = 0;
        for (Release delivered : recovery.delivered().values()) {
            String key = delivered.key();
            if (parked.remove(key)) {
                finished++;
                if (removals.removeAtStart(delivered)) {
                    LOGGER.info("MailPlex {}: {} was delivered before the last stop; taken out of the queue", plex, key);
                }
            }
        }
        for (Map.Entry<String, String> release : recovery.begun().entrySet()) {
            String key = release.getKey();
            if (!parked.contains(key)) {
                continue;
            }
            Username operator = Optional.ofNullable(usernames.get(release.getValue()))
                .orElse(mailboxes.username(new MailAddress(release.getValue())));
            // bounded like every mailbox call: a search that hangs fails the start, which the loop retries
            if (parts.calls.call(() -> mailboxes.holdsKey(operator, mailbox, key))) {
                parked.remove(key);
                finished++;
                if (removals.removeAtStart(new Release(key, release.getValue(), Optional.empty(), now))) {
                    LOGGER.info("MailPlex {}: {} was found in the mailbox of {} after the last stop; taken out of the queue", plex, key,
                        release.getValue());
                }
            } else {
                LOGGER.info("MailPlex {}: {} was being delivered to {} at the last stop and is not there; it is released again",
                    plex, key, release.getValue());
            }
        }
        journal.reset(removals.stillDelivered());
        return finished;
    }
}
