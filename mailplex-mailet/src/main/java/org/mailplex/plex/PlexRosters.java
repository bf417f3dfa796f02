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

package org.mailplex.plex;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.mailplex.config.ConfigurationErrors;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Roster;
import org.mailplex.core.RosterEntry;
import org.mailplex.mailbox.OperatorMailboxes;
import org.mailplex.mailbox.SharedMailboxes;
import org.mailplex.reclaim.AwayOperators;
import org.mailplex.state.RosterStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rosters of the plexes at run time. {@code operators} in {@code mailetcontainer.xml} is the
 * roster a plex starts with; once an admin changes it over webadmin the changed roster is kept in
 * the {@link RosterStore} and wins, at every start, over the configuration (James logs a WARN
 * naming the configured operators it ignores) until an admin goes back to the configuration's
 * roster ({@link #reset}). Each change is saved first, then applied on the plex's loop, so no
 * release races it and nothing is half-applied.
 */
@Singleton
public class PlexRosters {
    private static final Logger LOGGER = LoggerFactory.getLogger(PlexRosters.class);

    /** Where the roster of a plex comes from now. */
    public enum Source {
        CONFIGURATION("configuration"),
        WEBADMIN("webadmin");

        private final String value;

        Source(String value) {
            this.value = value;
        }

        public String asString() {
            return value;
        }
    }

    private final RosterStore store;
    private final OperatorMailboxes mailboxes;
    private final DurablePlexState state;
    private final AwayOperators away;
    private final PlexDuties duties;
    private final Map<String, Roster> configured = new ConcurrentHashMap<>();
    private final Map<String, Source> sources = new ConcurrentHashMap<>();
    private final Map<String, SharedMailboxes> shared = new ConcurrentHashMap<>();

    @Inject
    public PlexRosters(RosterStore store, OperatorMailboxes mailboxes, DurablePlexState state, AwayOperators away, PlexDuties duties) {
        this.store = store;
        this.mailboxes = mailboxes;
        this.state = state;
        this.away = away;
        this.duties = duties;
    }

    public OperatorCalendars calendars() {
        return duties.calendars();
    }

    public PlexDuties duties() {
        return duties;
    }

    /** The configuration a plex starts with: {@code configuration}'s, or the roster an admin set, which wins. */
    PlexConfiguration effective(PlexConfiguration configuration) throws MessagingException {
        String plex = configuration.account().asString();
        configured.put(plex, configuration.roster());
        Optional<List<RosterEntry>> stored;
        try {
            stored = store.load(plex);
        } catch (IOException e) {
            throw ConfigurationErrors.parameter(PlexConfiguration.OPERATORS, "of " + plex + " cannot be read from the roster an admin set: "
                + e.getMessage());
        }
        if (stored.isEmpty()) {
            sources.put(plex, Source.CONFIGURATION);
            return configuration;
        }
        sources.put(plex, Source.WEBADMIN);
        Roster changed = Roster.of(stored.get());
        if (!changed.equals(configuration.roster())) {
            List<String> ignored = configuration.roster().entries().stream()
                .filter(entry -> !stored.get().contains(entry))
                .map(RosterEntry::toString)
                .collect(Collectors.toList());
            LOGGER.warn("MailPlex {}: the roster an admin set over webadmin wins over the operators of mailetcontainer.xml {}; ignored there: "
                + "{}; roster now {}. DELETE /mailplex/{}/operators goes back to mailetcontainer.xml", plex, configuration.roster().entries(),
                ignored.isEmpty() ? "no operator, only their order" : ignored, changed.entries(), plex);
        }
        return configuration.withRoster(stored.get());
    }

    void attach(Plex plex, SharedMailboxes mailboxes) {
        shared.put(plex.name(), mailboxes);
    }

    void detach(Plex plex) {
        shared.remove(plex.name());
    }

    public Source source(Plex plex) {
        return sources.getOrDefault(plex.name(), Source.CONFIGURATION);
    }

    /** The roster of {@code operators} in mailetcontainer.xml. */
    public Roster configured(Plex plex) {
        return configured.getOrDefault(plex.name(), plex.configuration().roster());
    }

    /**
     * Adds {@code entry}'s operator (at {@code position}, or at the end) or changes her settings
     * (and place, with a position); true when added. {@code who} is logged.
     */
    public boolean put(Plex plex, RosterEntry entry, OptionalInt position, String who, Duration timeout) {
        return plex.onLoop(() -> {
            List<RosterEntry> next = new ArrayList<>(plex.scheduler().roster().entries());
            int was = indexOf(next, entry.operator());
            boolean added = was < 0;
            if (!added) {
                next.remove(was);
            }
            int at = position.isPresent() ? Math.max(0, Math.min(position.getAsInt(), next.size())) : added ? next.size() : was;
            next.add(at, entry);
            store.save(plex.name(), next);
            sources.put(plex.name(), Source.WEBADMIN);
            apply(plex, entry, OptionalInt.of(at));
            if (added) {
                LOGGER.info("MailPlex {}: {} added to the roster at position {} by {}; roster now {}", plex.name(), entry, at, who,
                    plex.scheduler().roster());
            } else {
                LOGGER.info("MailPlex {}: {} updated (position {}) by {}; roster now {}", plex.name(), entry, at, who,
                    plex.scheduler().roster());
            }
            return added;
        }, timeout);
    }

    /** Takes {@code operator} off the roster of {@code plex}: what she holds stays hers. The last operator stays. */
    public void remove(Plex plex, String operator, String who, Duration timeout) {
        plex.onLoop(() -> {
            List<RosterEntry> next = new ArrayList<>(plex.scheduler().roster().entries());
            int was = indexOf(next, operator);
            if (was < 0) {
                return null;
            }
            if (next.size() == 1) {
                throw new LastOperatorException(operator + " is the last operator of " + plex.name()
                    + ": a plex needs one; add another first, or pause her");
            }
            next.remove(was);
            store.save(plex.name(), next);
            sources.put(plex.name(), Source.WEBADMIN);
            plex.scheduler().remove(operator);
            plex.usernames().roster(plex.scheduler().roster().operators(), Map.of());
            mailboxes.elsewhere().drop(plex.name(), plex.usernames().get(operator));
            LOGGER.info("MailPlex {}: {} taken off the roster by {}; what they hold stays theirs; roster now {}", plex.name(), operator, who,
                plex.scheduler().roster());
            plex.wake();
            return null;
        }, timeout);
    }

    /** Goes back to the roster of mailetcontainer.xml: the admin's roster is forgotten. */
    public void reset(Plex plex, String who, Duration timeout) {
        Roster roster = configured(plex);
        plex.onLoop(() -> {
            store.delete(plex.name());
            sources.put(plex.name(), Source.CONFIGURATION);
            List<RosterEntry> entries = roster.entries();
            for (int index = 0; index < entries.size(); index++) {
                apply(plex, entries.get(index), OptionalInt.of(index));
            }
            for (String operator : plex.scheduler().roster().operators()) {
                if (!roster.contains(operator)) {
                    plex.scheduler().remove(operator);
                    mailboxes.elsewhere().drop(plex.name(), plex.usernames().get(operator));
                }
            }
            plex.usernames().roster(plex.scheduler().roster().operators(), Map.of());
            LOGGER.info("MailPlex {}: roster back to mailetcontainer.xml's by {}: {}", plex.name(), who, plex.scheduler().roster());
            plex.wake();
            return null;
        }, timeout);
    }

    /** On the loop: the scheduler, the users, then what she brings along (a pause, away, her schedule); then her mailbox is read. */
    /**
     * Several nodes, on the plex's loop: applies the roster another node saved (or went back to the
     * configuration's); nothing when it is the one in force.
     */
    void refresh(Plex plex) throws Exception {
        Optional<List<RosterEntry>> stored = store.load(plex.name());
        List<RosterEntry> target = stored.orElse(configured(plex).entries());
        if (target.equals(plex.scheduler().roster().entries())) {
            return;
        }
        sources.put(plex.name(), stored.isPresent() ? Source.WEBADMIN : Source.CONFIGURATION);
        for (int index = 0; index < target.size(); index++) {
            apply(plex, target.get(index), OptionalInt.of(index));
        }
        Set<String> kept = target.stream().map(RosterEntry::operator).collect(Collectors.toSet());
        for (String operator : plex.scheduler().roster().operators()) {
            if (!kept.contains(operator)) {
                plex.scheduler().remove(operator);
            }
        }
        plex.usernames().roster(plex.scheduler().roster().operators(), Map.of());
        LOGGER.info("MailPlex {}: roster changed on another node: {}", plex.name(), plex.scheduler().roster());
        plex.wake();
    }

    private void apply(Plex plex, RosterEntry entry, OptionalInt position) throws Exception {
        String operator = entry.operator();
        Username username = plex.usernames().get(operator);
        if (username == null) {
            username = mailboxes.username(new MailAddress(operator));
        }
        mailboxes.elsewhere().use(plex.name(), username, entry, plex.configuration().callTimeout());
        boolean added = plex.scheduler().put(entry, position);
        plex.usernames().roster(plex.scheduler().roster().operators(), Map.of(operator, username));
        if (added) {
            Optional.ofNullable(shared.get(plex.name()))
                .ifPresent(mailboxes -> mailboxes.watch(plex.configuration().account(), plex.usernames().get(operator),
                    plex.configuration().mailbox()));
            if (state.state(plex.name()).paused().contains(operator)) {
                plex.scheduler().pause(operator);
            }
            if (away.isAway(operator)) {
                plex.scheduler().markAway(operator);
            }
            duties.joined(plex, operator);
        }
        plex.operatorChanged(operator);
    }

    private static int indexOf(List<RosterEntry> entries, String operator) {
        for (int index = 0; index < entries.size(); index++) {
            if (entries.get(index).operator().equals(operator)) {
                return index;
            }
        }
        return -1;
    }

    /** The last operator of a plex cannot be taken off. */
    public static class LastOperatorException extends RuntimeException {
        LastOperatorException(String message) {
            super(message);
        }
    }
}
