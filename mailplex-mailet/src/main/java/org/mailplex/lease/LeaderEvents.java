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

package org.mailplex.lease;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.james.core.Username;
import org.apache.james.events.EventBus;
import org.apache.james.events.Registration;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.events.MailboxIdRegistrationKey;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.mailplex.mailbox.MailboxChangeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * The lease holder's ears: one event bus registration per operator's watched mailbox, keyed by its
 * mailbox id ({@link MailboxIdRegistrationKey}). James delivers a keyed event to every node that
 * registered the key, unlike a group listener's, which one node of the cluster consumes. Registered
 * when this node takes a plex over, refreshed on each queue sync (a mailbox created or re-created
 * later gets a new id), dropped when the lease is lost. The reconcile tick stays the safety net.
 */
final class LeaderEvents {
    private static final Logger LOGGER = LoggerFactory.getLogger(LeaderEvents.class);

    private final String plex;
    private final EventBus eventBus;
    private final MailboxManager mailboxManager;
    private final Collection<Username> operators;
    private final String mailbox;
    private final MailboxChangeListener listener;
    private final Map<Username, MailboxId> ids = new HashMap<>();
    private final Map<Username, Registration> registrations = new HashMap<>();

    LeaderEvents(String plex, EventBus eventBus, MailboxManager mailboxManager, Collection<Username> operators, String mailbox,
                 Consumer<MailboxPath> changed) {
        this.plex = plex;
        this.eventBus = eventBus;
        this.mailboxManager = mailboxManager;
        this.operators = operators;
        this.mailbox = mailbox;
        this.listener = new MailboxChangeListener(changed);
    }

    /** Registers the watched mailboxes not registered yet, or whose id changed. */
    synchronized void refresh() {
        for (Username operator : operators) {
            try {
                MailboxId id = mailboxId(operator);
                if (id == null || id.equals(ids.get(operator))) {
                    continue;
                }
                unregister(operator);
                registrations.put(operator, Mono.from(eventBus.register(listener, new MailboxIdRegistrationKey(id))).block());
                ids.put(operator, id);
            } catch (Exception e) {
                LOGGER.warn("MailPlex {} could not listen to the mailbox {} of {}; the reconcile tick covers it", plex, mailbox,
                    operator.asString(), e);
            }
        }
    }

    private MailboxId mailboxId(Username operator) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(operator);
        mailboxManager.startProcessingRequest(session);
        try {
            return mailboxManager.getMailbox(MailboxPath.forUser(operator, mailbox), session).getId();
        } catch (MailboxNotFoundException e) {
            return null;
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    private void unregister(Username operator) {
        Registration registration = registrations.remove(operator);
        ids.remove(operator);
        if (registration != null) {
            try {
                Mono.from(registration.unregister()).block();
            } catch (RuntimeException e) {
                LOGGER.warn("MailPlex {} could not stop listening to the mailbox of {}", plex, operator.asString(), e);
            }
        }
    }

    /** How many watched mailboxes are registered now. */
    synchronized int registered() {
        return registrations.size();
    }

    synchronized void stop() {
        for (Username operator : Map.copyOf(registrations).keySet()) {
            unregister(operator);
        }
    }
}
