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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.Mail;
import org.mailplex.core.PlexLease;
import org.mailplex.core.QueueKeys;
import org.mailplex.plex.DurablePlexState;
import org.mailplex.plex.MailPlexService;
import org.mailplex.plex.Plex;
import org.mailplex.plex.Plex.ManualAssignment;
import org.mailplex.plex.PlexRosters;
import org.mailplex.queue.ParkedMail;
import org.mailplex.reclaim.AwayOperators;
import org.mailplex.state.PlexState;
import org.mailplex.state.WaitPercentiles;
import org.mailplex.trace.Reclaims;

/**
 * What an admin can see and do, for the webadmin routes: plexes, their queues (paged, O(page)),
 * one parked mail, delete, assign by hand, pause and resume. Errors are exceptions the routes map
 * to HTTP: {@link NotFoundException}, {@link ConflictException}, {@link DeliveryFailedException},
 * {@link org.mailplex.release.NotDoneException} (the loop was busy, nothing done) and {@link org.mailplex.release.StillRunningException}
 * (accepted, still running).
 */
@Singleton
public class MailPlexAdministration {
    /** How long an admin action waits for the plex's release loop. */
    static final Duration LOOP_TIMEOUT = Duration.ofSeconds(30);

    private final Duration loopTimeout;

    private final MailPlexService service;
    private final DurablePlexState state;
    private final AwayOperators away;

    @Inject
    public MailPlexAdministration(MailPlexService service, DurablePlexState state, AwayOperators away) {
        this(service, state, away, LOOP_TIMEOUT);
    }

    /** {@code loopTimeout}: how long an action waits for the plex's loop (shorter in tests than {@link #LOOP_TIMEOUT}). */
    MailPlexAdministration(MailPlexService service, DurablePlexState state, AwayOperators away, Duration loopTimeout) {
        this.service = service;
        this.state = state;
        this.away = away;
        this.loopTimeout = loopTimeout;
    }

    /** Every plex, by address. */
    public List<Plex> plexes() {
        return service.plexes().stream()
            .sorted(Comparator.comparing(Plex::name))
            .collect(Collectors.toList());
    }

    /** Who holds {@code plex}'s lease: this node on a single node. */
    public PlexLease.Status lease(Plex plex) {
        return service.lease(plex);
    }

    public Plex plex(MailAddress account) {
        return service.plex(account)
            .orElseThrow(() -> new NotFoundException(account.asString() + " is not a MailPlex plex"));
    }

    /** The roster's own spelling of {@code address}. */
    public String operator(Plex plex, MailAddress address) {
        return OperatorAdministration.onRoster(plex.roster(), address)
            .orElseThrow(() -> new NotFoundException(address.asString() + " is not on the roster of " + plex.name()));
    }

    /** Parked mails, oldest first: reads only the mails of the page. */
    public List<ParkedMail> parked(Plex plex, long offset, int limit) throws MessagingException {
        List<ParkedMail> page = new ArrayList<>();
        for (String key : plex.parkedKeys(offset, limit)) {
            read(plex.queue().retrieve(key), key).ifPresent(page::add);
        }
        return page;
    }

    public ParkedMail parked(Plex plex, String key) throws MessagingException {
        if (!plex.isParked(key)) {
            throw keyNotFound(plex, key);
        }
        return read(plex.queue().retrieve(key), key).orElseThrow(() -> keyNotFound(plex, key));
    }

    private static Optional<ParkedMail> read(Optional<Mail> parked, String key) throws MessagingException {
        if (parked.isEmpty()) {
            return Optional.empty();
        }
        Mail mail = parked.get();
        try {
            Instant parkedAt = QueueKeys.parkedAt(key).orElseThrow();
            return Optional.of(new ParkedMail(key, mail.getMaybeSender().asOptional().map(MailAddress::asString),
                Optional.ofNullable(mail.getMessage().getSubject()), mail.getMessageSize(), parkedAt, Reclaims.of(mail),
                Optional.ofNullable(mail.getErrorMessage()).filter(reason -> !reason.isBlank())));
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    /** Takes a waiting mail out of the queue. */
    public void delete(Plex plex, String key) {
        if (!plex.removeParked(key, loopTimeout)) {
            throw keyNotFound(plex, key);
        }
    }

    /** Hands a waiting mail to {@code operator} now, whatever the rule says; true when delivered, false when still under way. */
    public boolean assign(Plex plex, String key, String operator) {
        return settle(plex, key, operator, plex.assignNow(key, operator, loopTimeout));
    }

    /** Mails no operator could take, oldest first. */
    public List<ParkedMail> stuck(Plex plex, long offset, int limit) throws MessagingException {
        List<ParkedMail> page = new ArrayList<>();
        for (String key : plex.stuck().keys().stream().skip(offset).limit(limit).collect(Collectors.toList())) {
            read(plex.stuck().retrieve(key), key).ifPresent(page::add);
        }
        return page;
    }

    /** Puts a stuck mail back at its place in the queue. */
    public void retryStuck(Plex plex, String key) {
        if (!plex.retryStuck(key, loopTimeout)) {
            throw stuckNotFound(plex, key);
        }
    }

    /** Puts a stuck mail back and hands it to {@code operator} now; true when delivered, false when still under way. */
    public boolean assignStuck(Plex plex, String key, String operator) {
        ManualAssignment result = plex.assignStuck(key, operator, loopTimeout);
        if (result == ManualAssignment.GONE) {
            throw stuckNotFound(plex, key);
        }
        return settle(plex, key, operator, result);
    }

    public void deleteStuck(Plex plex, String key) {
        if (!plex.deleteStuck(key, loopTimeout)) {
            throw stuckNotFound(plex, key);
        }
    }

    private static boolean settle(Plex plex, String key, String operator, ManualAssignment result) {
        switch (result) {
            case DELIVERED:
                return true;
            case PENDING:
                return false;
            case GONE:
                throw keyNotFound(plex, key);
            case NOT_WAITING:
                throw new ConflictException(key + " is being delivered already");
            default:
                throw new DeliveryFailedException("Could not deliver " + key + " to " + operator + "; it waits again in the queue");
        }
    }

    /** Pauses {@code operator} (kept across restarts): they get nothing until resumed. */
    public void pause(Plex plex, String operator) {
        state.paused(plex.name(), operator);
        plex.pause(operator, loopTimeout);
    }

    /** Lifts a pause of {@code operator} in this plex, and their away in every plex. */
    public void resume(Plex plex, String operator) {
        state.resumed(plex.name(), operator);
        plex.resume(operator, loopTimeout);
        away.back(operator, "resumed by an admin");
    }

    /** Rosters, schedules and absences at run time: where a roster comes from, and who is on duty. */
    public PlexRosters rosters() {
        return service.rosters();
    }

    /** Since when {@code operator} is away; empty when they are not. */
    public Optional<Instant> awaySince(String operator) {
        return away.awaySince(operator);
    }

    public PlexState state(Plex plex) {
        return state.state(plex.name());
    }

    public WaitPercentiles waits(Plex plex) {
        return state.waits(plex.name());
    }

    public WaitPercentiles waits(Plex plex, String operator) {
        return state.waits(plex.name(), operator);
    }

    private static NotFoundException stuckNotFound(Plex plex, String key) {
        return new NotFoundException(key + " is not among the stuck mails of " + plex.name());
    }

    private static NotFoundException keyNotFound(Plex plex, String key) {
        return new NotFoundException(key + " is not in the queue of " + plex.name());
    }

    /** No such plex, operator or parked mail. */
    public static class NotFoundException extends RuntimeException {
        NotFoundException(String message) {
            super(message);
        }
    }

    /** The action does not fit the mail's state. */
    public static class ConflictException extends RuntimeException {
        ConflictException(String message) {
            super(message);
        }
    }

    /** The action was tried and failed; nothing was lost. */
    public static class DeliveryFailedException extends RuntimeException {
        DeliveryFailedException(String message) {
            super(message);
        }
    }
}
