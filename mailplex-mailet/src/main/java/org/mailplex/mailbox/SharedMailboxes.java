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

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.model.MailboxPath;

/**
 * Watched mailboxes that several plexes share. Capacity belongs to a mailbox, not to a plex: each
 * plex counts only its own mail in flight, so deliveries to a shared mailbox take its one permit and
 * re-read its held count first. A mailbox only one plex watches needs neither.
 */
public final class SharedMailboxes {
    private final Map<MailboxPath, Set<MailAddress>> watchers = new ConcurrentHashMap<>();
    private final Map<MailboxPath, Semaphore> permits = new ConcurrentHashMap<>();

    public void watch(MailAddress plex, Username operator, String mailbox) {
        watchers.computeIfAbsent(MailboxPath.forUser(operator, mailbox), path -> ConcurrentHashMap.newKeySet()).add(plex);
    }

    public void forget(MailAddress plex) {
        watchers.values().forEach(plexes -> plexes.remove(plex));
    }

    /** The permit of a mailbox watched by more than one plex; none for a mailbox only one plex watches. */
    public Optional<Semaphore> permit(Username operator, String mailbox) {
        MailboxPath path = MailboxPath.forUser(operator, mailbox);
        Set<MailAddress> plexes = watchers.get(path);
        if (plexes == null || plexes.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(permits.computeIfAbsent(path, any -> new Semaphore(1)));
    }
}
