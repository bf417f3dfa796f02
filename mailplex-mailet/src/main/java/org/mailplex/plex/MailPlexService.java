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
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.events.EventBus;
import org.apache.james.events.Registration;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryStore.MailRepositoryStoreException;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.user.api.UsersRepositoryException;
import org.mailplex.config.ConfigurationErrors;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Conversations;
import org.mailplex.core.MailboxSpec;
import org.mailplex.core.PlexLease;
import org.mailplex.core.RosterEntry;
import org.mailplex.lease.PlexLeases;
import org.mailplex.mailbox.MailboxChangeListener;
import org.mailplex.mailbox.OpenedMarker;
import org.mailplex.mailbox.OperatorMailboxes;
import org.mailplex.mailbox.SharedMailboxes;
import org.mailplex.queue.ParkedQueue;
import org.mailplex.state.FilePlexStores;
import org.mailplex.state.FileRosterStore;
import org.mailplex.state.FileScheduleStore;
import org.mailplex.state.PlexFolders;
import org.mailplex.state.PlexStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import reactor.core.publisher.Mono;

/**
 * Every plex of this James, one {@link Plex} each: started by the MailPlex mailets, told of
 * mailbox changes by one event listener, and read by the administration service. A singleton of
 * the extension injector.
 */
@Singleton
public class MailPlexService {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailPlexService.class);

    private final MailRepositoryStore repositoryStore;
    private final OperatorMailboxes mailboxes;
    private final EventBus eventBus;
    private final PlexStores stores;
    private final PlexEnvironment environment;
    private final PlexLeases leases;
    private final PlexRosters rosters;
    private final SharedStateRefresh refresh;
    private final Map<MailAddress, Plex> plexes = new ConcurrentHashMap<>();
    private final Set<MailAddress> answeredThroughPlex = ConcurrentHashMap.newKeySet();
    private final SharedMailboxes sharedMailboxes = new SharedMailboxes();
    private Registration listenerRegistration;
    private Registration openedRegistration;
    private OpenedMarker openedMarker;

    /** Rosters, schedules and absences in files under {@code folders}: what tests that build the service by hand get. */
    public MailPlexService(MailRepositoryStore repositoryStore, OperatorMailboxes mailboxes, EventBus eventBus, PlexFolders folders,
                           PlexEnvironment environment, PlexLeases leases) {
        this(repositoryStore, mailboxes, eventBus, new FilePlexStores(folders), environment, leases,
            new PlexRosters(new FileRosterStore(folders), mailboxes, environment.state, environment.away,
                new PlexDuties(new OperatorCalendars(new FileScheduleStore(folders), environment.clock), environment.clock)));
    }

    @Inject
    public MailPlexService(MailRepositoryStore repositoryStore, OperatorMailboxes mailboxes, EventBus eventBus, PlexStores stores,
                           PlexEnvironment environment, PlexLeases leases, PlexRosters rosters) {
        this.repositoryStore = repositoryStore;
        this.mailboxes = mailboxes;
        this.eventBus = eventBus;
        this.stores = stores;
        this.environment = environment;
        this.leases = leases;
        this.rosters = rosters;
        this.refresh = new SharedStateRefresh(environment, rosters);
        mailboxes.elsewhere().onChange(this::mailboxElsewhereChanged);
    }

    /** Checks an operator mailbox elsewhere against its kind; fails naming what is wrong (never a secret's value). */
    public void validateMailbox(MailboxSpec spec) {
        mailboxes.elsewhere().validate(spec);
    }

    /** The rosters, schedules and absences of the plexes at run time. */
    public PlexRosters rosters() {
        return rosters;
    }

    /** Starts the plex a MailPlex mailet configures; fails with a message naming the parameter. */
    public synchronized Plex register(PlexConfiguration configured) throws MessagingException {
        PlexConfiguration configuration = rosters.effective(configured);
        MailAddress account = configuration.account();
        requireDistinct(configuration);
        String name = account.asString();
        PlexConversations conversations = new PlexConversations(name, new Conversations(configuration.stickyMemory()),
            stores.conversations(name), () -> configuration.sticky() || answeredThroughPlex.contains(account));
        ImmutableMap<String, Username> usernames = usernames(configuration);
        Plex plex = Plex.builder()
            .configuration(configuration)
            .queue(new ParkedQueue(account, repository(PlexConfiguration.REPOSITORY_PATH, configuration.repositoryUrl())))
            .stuck(new ParkedQueue(account, repository(PlexConfiguration.STUCK_REPOSITORY_PATH, configuration.stuckRepositoryUrl())))
            .journal(stores.releaseJournal(name, Plex.RECENT_RELEASES))
            .reclaimJournal(stores.reclaimJournal(name))
            .mailboxes(mailboxes)
            .shared(sharedMailboxes)
            .usernames(usernames)
            .conversations(conversations)
            .away(environment.away)
            .clock(environment.clock)
            .ticker(environment.ticker)
            .signer(environment.signer)
            .events(environment.events)
            .pauses(environment.pauses)
            .build();
        usernames.values().forEach(operator -> sharedMailboxes.watch(account, operator, configuration.mailbox()));
        openElsewhere(configuration, usernames);
        try {
            environment.state.attach(plex);
            environment.away.attach(plex);
            leases.prepare(plex);
            rosters.attach(plex, sharedMailboxes);
            plex.start();
            rosters.duties().attach(plex);
        } catch (IOException e) {
            throw new MessagingException("MailPlex " + name + " cannot start: " + e.getMessage(), e);
        }
        leases.start(plex, usernames.values());
        if (leases.shared()) {
            plex.beforeTakeover(() -> refresh.refreshNow(plex));
            plex.onSharedChange(() -> refresh.refreshNow(plex));
            refresh.start(plex);
        }
        listenToMailboxes();
        plexes.put(account, plex);
        environment.events.started(name);
        LOGGER.info("MailPlex started: {}", configuration);
        return plex;
    }

    private void requireDistinct(PlexConfiguration configuration) throws MessagingException {
        MailAddress account = configuration.account();
        if (plexes.containsKey(account)) {
            throw ConfigurationErrors.duplicateAccount(account);
        }
        for (Plex other : plexes.values()) {
            MailAddress otherAccount = other.configuration().account();
            if (configuration.operators().contains(otherAccount)) {
                throw ConfigurationErrors.operatorIsPlex(account, otherAccount);
            }
            if (other.configuration().operators().contains(account)) {
                throw ConfigurationErrors.operatorIsPlex(otherAccount, account);
            }
        }
    }

    /** Opens the mailboxes elsewhere of the operators that have one; a spec its kind refuses stops the plex, naming the parameter. */
    private void openElsewhere(PlexConfiguration configuration, Map<String, Username> usernames) throws MessagingException {
        for (RosterEntry entry : configuration.roster().entries()) {
            try {
                mailboxes.elsewhere().use(configuration.account().asString(), usernames.get(entry.operator()), entry,
                    configuration.callTimeout());
            } catch (IllegalArgumentException e) {
                configuration.roster().entries()
                    .forEach(other -> mailboxes.elsewhere().drop(configuration.account().asString(), usernames.get(other.operator())));
                throw ConfigurationErrors.parameter(PlexConfiguration.OPERATOR_MAILBOXES, "mailbox of " + entry.operator() + ": "
                    + e.getMessage());
            }
        }
    }

    private ImmutableMap<String, Username> usernames(PlexConfiguration configuration) throws MessagingException {
        ImmutableMap.Builder<String, Username> usernames = ImmutableMap.builder();
        for (MailAddress operator : configuration.operators()) {
            try {
                usernames.put(operator.asString(), mailboxes.username(operator));
            } catch (UsersRepositoryException e) {
                throw ConfigurationErrors.operator(operator, e);
            }
        }
        return usernames.build();
    }

    private MailRepository repository(String parameter, MailRepositoryUrl url) throws MessagingException {
        try {
            return repositoryStore.select(url);
        } catch (MailRepositoryStoreException | RuntimeException e) {
            throw ConfigurationErrors.repository(parameter, url, e);
        }
    }

    private void listenToMailboxes() {
        if (listenerRegistration == null) {
            listenerRegistration = eventBus.register(new MailboxChangeListener(this::mailboxChanged), MailboxChangeListener.GROUP);
            openedMarker = new OpenedMarker(mailboxes);
            openedRegistration = eventBus.register(openedMarker, OpenedMarker.GROUP);
        }
    }

    /** A {@code PlexReplyTo} answers for {@code plex}: its conversations are remembered even without sticky routing. */
    public void answerThroughPlex(MailAddress plex) {
        answeredThroughPlex.add(plex);
    }

    /** Stops a plex; its parked mail stays in its queue. */
    public synchronized void unregister(MailAddress account) {
        Plex plex = plexes.remove(account);
        sharedMailboxes.forget(account);
        if (plex != null) {
            environment.away.detach(plex);
            rosters.duties().detach(plex);
            rosters.detach(plex);
            refresh.stop(plex.name());
            plex.stop();
            plex.roster().operators().forEach(operator -> mailboxes.elsewhere().drop(plex.name(), plex.usernames().get(operator)));
            environment.events.stopped(plex.name());
            leases.stop(plex.name());
            LOGGER.info("MailPlex {} stopped", account.asString());
        }
    }

    public Optional<Plex> plex(MailAddress account) {
        return Optional.ofNullable(plexes.get(account));
    }

    public Collection<Plex> plexes() {
        return ImmutableList.copyOf(plexes.values());
    }

    /**
     * Several nodes, on a node that does not hold {@code plex}'s lease: the holder runs the action
     * and this is its answer (a {@link Plex.ManualAssignment} name for an assignment, {@code true} or
     * {@code false} for a delete or a retry). Empty on the holder or a single node.
     */
    public Optional<String> onHolder(Plex plex, String action, String key, String operator, Duration timeout) {
        return leases.onHolder(plex, action, key, operator, timeout);
    }

    /**
     * An admin changed what every node reads of {@code plex} (a pause, a resume, its roster), written
     * to the shared stores: on several nodes the others read it again within a poll (250 ms), not at
     * their next {@code reconcileInterval}. Nothing on one node.
     */
    public void changed(Plex plex) {
        leases.changed(plex);
    }

    /** Like {@link #changed} for every plex: an operator's calendar or her away, which every plex reads. */
    public void changedEverywhere() {
        plexes().forEach(leases::changed);
    }

    /** Who holds {@code plex}'s lease (this node, when MailPlex runs on one node). */
    public PlexLease.Status lease(Plex plex) {
        return leases.status(plex);
    }

    void mailboxChanged(MailboxPath path) {
        plexes.values().forEach(plex -> plex.mailboxChanged(path));
    }

    /** The load of an operator whose mailbox is elsewhere may have changed. */
    void mailboxElsewhereChanged(Username username) {
        plexes.values().forEach(plex -> plex.mailboxElsewhereChanged(username));
    }

    @PreDestroy
    public synchronized void stop() {
        ImmutableList.copyOf(plexes.keySet()).forEach(this::unregister);
        leases.shutdown();
        refresh.shutdown();
        if (listenerRegistration != null) {
            Mono.from(listenerRegistration.unregister()).block();
            listenerRegistration = null;
            Mono.from(openedRegistration.unregister()).block();
            openedMarker.stop();
        }
        mailboxes.elsewhere().closeAll();
    }
}
