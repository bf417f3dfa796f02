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

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Username;
import org.mailplex.core.MailboxSpec;
import org.mailplex.core.RosterEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator mailboxes elsewhere that are open now, one per operator (James user), whatever
 * the number of plexes she is on, and the kinds they are opened by. {@link OperatorMailboxes}
 * asks it first: an operator with no mailbox here is served by her James mailbox.
 */
@Singleton
public class OperatorMailboxRegistry {
    private static final Logger LOGGER = LoggerFactory.getLogger(OperatorMailboxRegistry.class);

    private final Map<String, OperatorMailboxKind> kinds;
    private final Map<Username, Opened> opened = new ConcurrentHashMap<>();
    private final List<Consumer<Username>> listeners = new CopyOnWriteArrayList<>();

    private static final class Opened {
        private final MailboxSpec spec;
        private final OperatorMailbox mailbox;
        private final Set<String> plexes = new HashSet<>();

        private Opened(MailboxSpec spec, OperatorMailbox mailbox) {
            this.spec = spec;
            this.mailbox = mailbox;
        }
    }

    @Inject
    public OperatorMailboxRegistry(Map<String, OperatorMailboxKind> kinds) {
        this.kinds = Map.copyOf(kinds);
    }

    /** Only local operators: what tests that build the mailboxes by hand get. */
    public static OperatorMailboxRegistry localOnly() {
        return new OperatorMailboxRegistry(Map.of());
    }

    /** The kinds known, by name. */
    public Set<String> kinds() {
        return new TreeSet<>(kinds.keySet());
    }

    /** Checks a spec against its kind; fails naming what is wrong. */
    public void validate(MailboxSpec spec) {
        OperatorMailboxKind kind = kinds.get(spec.kind());
        if (kind == null) {
            throw new IllegalArgumentException("unknown mailbox kind '" + spec.kind() + "'; known kinds: " + kinds()
                + " (a site's own kind is bound by its Guice module)");
        }
        kind.validate(spec);
    }

    /** Called with the user of an operator whose mailbox elsewhere may have changed. */
    public void onChange(Consumer<Username> listener) {
        listeners.add(listener);
    }

    /**
     * {@code plex} has {@code entry} on its roster: opens her mailbox elsewhere (or keeps the one
     * open with the same spec), or, when she has none, lets go of one this plex used.
     */
    public synchronized void use(String plex, Username username, RosterEntry entry, Duration callTimeout) {
        Optional<MailboxSpec> spec = entry.mailbox();
        Opened current = opened.get(username);
        if (spec.isEmpty()) {
            drop(plex, username);
            return;
        }
        if (current != null && current.spec.equals(spec.get())) {
            current.plexes.add(plex);
            return;
        }
        validate(spec.get());
        Opened next = new Opened(spec.get(), kinds.get(spec.get().kind()).open(new OperatorMailboxKind.Target(entry.operator(),
            spec.get(), () -> changed(username), callTimeout)));
        if (current != null) {
            next.plexes.addAll(current.plexes);
            current.mailbox.close();
        }
        next.plexes.add(plex);
        opened.put(username, next);
        LOGGER.info("MailPlex {}: operator {} has her mailbox elsewhere: {}", plex, entry.operator(), spec.get());
        changed(username);
    }

    /** {@code plex} no longer has her on its roster (or has her local again). */
    public synchronized void drop(String plex, Username username) {
        Opened current = opened.get(username);
        if (current != null) {
            current.plexes.remove(plex);
            if (current.plexes.isEmpty()) {
                opened.remove(username);
                current.mailbox.close();
            }
        }
    }

    private void changed(Username username) {
        for (Consumer<Username> listener : listeners) {
            try {
                listener.accept(username);
            } catch (RuntimeException e) {
                LOGGER.warn("MailPlex: a listener of the mailbox of {} failed", username.asString(), e);
            }
        }
    }

    /** Her mailbox elsewhere, when she has one. */
    public Optional<OperatorMailbox> of(Username username) {
        Opened current = opened.get(username);
        return current == null ? Optional.empty() : Optional.of(current.mailbox);
    }

    /** Closes every mailbox elsewhere (James stops). */
    public synchronized void closeAll() {
        opened.values().forEach(current -> current.mailbox.close());
        opened.clear();
    }
}
