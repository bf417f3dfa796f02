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

package org.mailplex.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import javax.inject.Inject;
import javax.inject.Singleton;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Absence;
import org.mailplex.core.MailboxSpec;
import org.mailplex.core.Roster;
import org.mailplex.core.RosterEntry;
import org.mailplex.core.Schedule;
import org.mailplex.plex.MailPlexService;
import org.mailplex.plex.OperatorCalendars;
import org.mailplex.plex.Plex;
import org.mailplex.plex.PlexRosters;
import org.mailplex.plex.PlexRosters.LastOperatorException;

/**
 * What the operator routes call: the roster of a plex (add, update, remove, back to the
 * configuration), and each person's schedule and absences. Bad input is an
 * {@link IllegalArgumentException} (400), an unknown plex, operator or absence a
 * {@link MailPlexAdministration.NotFoundException} (404); everything is checked before anything
 * changes, so nothing is half-applied.
 */
@Singleton
public class OperatorAdministration {
    private final MailPlexService service;
    private final UsersRepository users;
    private final DomainList domains;
    private final Clock clock;
    private final Duration loopTimeout;

    @Inject
    public OperatorAdministration(MailPlexService service, UsersRepository users, DomainList domains, Clock clock) {
        this(service, users, domains, clock, MailPlexAdministration.LOOP_TIMEOUT);
    }

    private OperatorAdministration(MailPlexService service, UsersRepository users, DomainList domains, Clock clock, Duration loopTimeout) {
        this.service = service;
        this.users = users;
        this.domains = domains;
        this.clock = clock;
        this.loopTimeout = loopTimeout;
    }

    private PlexRosters rosters() {
        return service.rosters();
    }

    private OperatorCalendars calendars() {
        return service.rosters().calendars();
    }

    /** The roster's own spelling of {@code address} (addresses compare as James compares them), if she is on it. */
    public static Optional<String> onRoster(Roster roster, MailAddress address) {
        return roster.operators().stream().filter(operator -> sameAddress(operator, address)).findFirst();
    }

    private static boolean sameAddress(String operator, MailAddress address) {
        try {
            return new MailAddress(operator).equals(address);
        } catch (AddressException e) {
            return false;
        }
    }

    /**
     * Adds {@code address} to the roster of {@code plex} (at {@code position}, or at the end) or
     * updates her settings; settings not given keep their value, or the plex's defaults for a new
     * operator. True when added.
     */
    public boolean putOperator(Plex plex, MailAddress address, Optional<Integer> capacity, Optional<String> reclaimAfter,
                               Optional<Integer> position, String who) {
        return putOperator(plex, address, new Settings(capacity, reclaimAfter, position, Optional.empty()), who);
    }

    /** What a PUT of an operator sets; an absent field keeps her current setting. */
    public static final class Settings {
        private final Optional<Integer> capacity;
        private final Optional<String> reclaimAfter;
        private final Optional<Integer> position;
        /** Empty: keep; of empty: her mailbox in this James; of a spec: her mailbox elsewhere. */
        private final Optional<Optional<MailboxSpec>> mailbox;

        public Settings(Optional<Integer> capacity, Optional<String> reclaimAfter, Optional<Integer> position,
                        Optional<Optional<MailboxSpec>> mailbox) {
            this.capacity = capacity;
            this.reclaimAfter = reclaimAfter;
            this.position = position;
            this.mailbox = mailbox;
        }
    }

    /**
     * Adds her or changes her settings, her operator mailbox included: a mailbox elsewhere is
     * checked by its kind first (a bad value is an {@link IllegalArgumentException} naming it), and
     * an operator with one need not be a user of this James.
     */
    public boolean putOperator(Plex plex, MailAddress address, Settings settings, String who) {
        Optional<Integer> capacity = settings.capacity;
        Optional<String> reclaimAfter = settings.reclaimAfter;
        Optional<Integer> position = settings.position;
        capacity.filter(value -> value < 1).ifPresent(value -> {
            throw new IllegalArgumentException("'capacity' must be at least 1, got " + value);
        });
        position.filter(value -> value < 0).ifPresent(value -> {
            throw new IllegalArgumentException("'position' must be 0 or more, got " + value);
        });
        Optional<Optional<Duration>> after = reclaimAfter.map(PlexConfiguration::parseReclaimAfter);
        if (address.equals(plex.configuration().account())) {
            throw new IllegalArgumentException(address.asString() + " is the plex itself: it would deliver to its own queue");
        }
        for (Plex other : service.plexes()) {
            if (other.configuration().account().equals(address)) {
                throw new IllegalArgumentException(address.asString() + " is a plex: a plex cannot be an operator");
            }
        }
        Optional<String> existing = onRoster(plex.roster(), address);
        Optional<RosterEntry> current = existing.flatMap(plex.roster()::entry);
        Optional<MailboxSpec> mailbox = settings.mailbox.orElse(current.flatMap(RosterEntry::mailbox));
        mailbox.ifPresent(service::validateMailbox);
        if (mailbox.isEmpty() && (existing.isEmpty() || current.flatMap(RosterEntry::mailbox).isPresent())) {
            requireLocalUser(address);
        }
        String operator = existing.orElse(address.asString());
        RosterEntry entry = new RosterEntry(operator,
            capacity.orElse(current.map(RosterEntry::capacity).orElse(plex.configuration().defaultCapacity())),
            after.orElse(current.map(RosterEntry::reclaimAfter).orElse(plex.configuration().defaultReclaimAfter())), mailbox);
        boolean added = rosters().put(plex, entry, position.map(OptionalInt::of).orElse(OptionalInt.empty()), who, loopTimeout);
        service.changed(plex);
        return added;
    }

    private void requireLocalUser(MailAddress address) {
        try {
            if (!domains.containsDomain(address.getDomain())) {
                throw new IllegalArgumentException(address.asString() + " is not in a domain of this James: an operator's mailbox is a "
                    + "mailbox of this James");
            }
            if (!users.contains(users.getUsername(address))) {
                throw new IllegalArgumentException(address.asString() + " is not a James user: create the user first");
            }
        } catch (DomainListException | UsersRepositoryException e) {
            throw new IllegalStateException("cannot check that " + address.asString() + " is a James user: " + e.getMessage(), e);
        }
    }

    /** Takes {@code address} off the roster of {@code plex}. */
    public void removeOperator(Plex plex, MailAddress address, String who) {
        String operator = onRoster(plex.roster(), address)
            .orElseThrow(() -> new MailPlexAdministration.NotFoundException(address.asString() + " is not on the roster of " + plex.name()));
        try {
            rosters().remove(plex, operator, who, loopTimeout);
            service.changed(plex);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof LastOperatorException) {
                throw new MailPlexAdministration.ConflictException(e.getCause().getMessage());
            }
            throw e;
        }
    }

    /** Back to the roster of mailetcontainer.xml. */
    public void resetRoster(Plex plex, String who) {
        rosters().reset(plex, who, loopTimeout);
        service.changed(plex);
    }

    public PlexRosters.Source rosterSource(Plex plex) {
        return rosters().source(plex);
    }

    public Roster configuredRoster(Plex plex) {
        return rosters().configured(plex);
    }

    /** The roster's spelling of {@code address} on some plex; 404 when she is on none. */
    public String person(MailAddress address) {
        return service.plexes().stream()
            .map(plex -> onRoster(plex.roster(), address))
            .flatMap(Optional::stream)
            .findFirst()
            .orElseThrow(() -> new MailPlexAdministration.NotFoundException(address.asString() + " is on the roster of no plex"));
    }

    public Optional<Schedule> schedule(String operator) {
        return calendars().calendar(operator).schedule();
    }

    public void setSchedule(String operator, Schedule schedule, String who) {
        saving(() -> calendars().schedule(operator, Optional.of(schedule), who));
    }

    /** Her schedule; 404 when she has none. */
    public Schedule existingSchedule(String operator) {
        return schedule(operator)
            .orElseThrow(() -> new MailPlexAdministration.NotFoundException(operator + " has no schedule: always on shift"));
    }

    /** Always on shift from now on; 404 when she had no schedule. */
    public void deleteSchedule(String operator, String who) {
        existingSchedule(operator);
        saving(() -> calendars().schedule(operator, Optional.empty(), who));
    }

    public List<Absence> absences(String operator) {
        return calendars().calendar(operator).absences();
    }

    public Absence addAbsence(String operator, Instant from, Instant until, String who) {
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("'until' " + until + " must be after 'from' " + from);
        }
        if (!until.isAfter(clock.instant())) {
            throw new IllegalArgumentException("'until' " + until + " is past: there is nothing to plan");
        }
        Absence[] added = new Absence[1];
        saving(() -> added[0] = calendars().addAbsence(operator, from, until, who));
        return added[0];
    }

    public void cancelAbsence(String operator, String id, String who) {
        boolean[] cancelled = new boolean[1];
        saving(() -> cancelled[0] = calendars().cancelAbsence(operator, id, who));
        if (!cancelled[0]) {
            throw new MailPlexAdministration.NotFoundException(operator + " has no absence " + id);
        }
    }

    private interface Saving {
        void run() throws IOException;
    }

    /** Saves a change of someone's calendar, which every plex reads: the other nodes are told at once. */
    private void saving(Saving saving) {
        try {
            saving.run();
            service.changedEverywhere();
        } catch (IOException e) {
            throw new UncheckedIOException("MailPlex could not save the change, nothing changed: " + e.getMessage(), e);
        }
    }
}
