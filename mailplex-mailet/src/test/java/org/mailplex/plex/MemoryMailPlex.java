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

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import javax.mail.Flags;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.dnsservice.api.InMemoryDNSService;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventBusTestFixture;
import org.apache.james.events.InVMEventBus;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.inmemory.manager.InMemoryIntegrationResources;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.memory.MailRepositoryStoreConfiguration;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryStore;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryUrlStore;
import org.apache.james.mailrepository.memory.SimpleMailRepositoryLoader;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.mailet.base.test.FakeMail;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.mailplex.admin.MailPlexAdministration;
import org.mailplex.admin.OperatorAdministration;
import org.mailplex.admin.PlexMetrics;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.MutableClock;
import org.mailplex.core.StepPauses;
import org.mailplex.lease.PlexLeases;
import org.mailplex.mailbox.OperatorMailboxes;
import org.mailplex.queue.HookedMailRepository;
import org.mailplex.reclaim.AwayOperators;
import org.mailplex.state.FileAwayStore;
import org.mailplex.state.MemoryPlexStateStore;
import org.mailplex.state.PlexFolders;
import org.mailplex.trace.TraceSigner;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

/**
 * MailPlex on James's own in-memory parts, no server: the in-memory mailbox manager and its event
 * bus ({@link InMemoryIntegrationResources}), {@link MemoryUsersRepository} over a
 * {@link MemoryDomainList}, the {@link MemoryMailRepositoryStore} serving {@code memory://}, the
 * {@link RecordingMetricFactory}, and the real {@link MailPlexService}, {@link MailPlexAdministration},
 * {@link DurablePlexState} (on an {@link MemoryPlexStateStore}) and {@link PlexMetrics}.
 *
 * <p>Users {@value #ALICE}, {@value #BOB} and {@value #CAROL} exist; the default plex
 * {@value #PLEX} has the roster [alice, bob].</p>
 */
public final class MemoryMailPlex implements AutoCloseable {
    public static final String DOMAIN = "mailplex.local";
    public static final String PLEX = "help@" + DOMAIN;
    public static final String ALICE = "alice@" + DOMAIN;
    public static final String BOB = "bob@" + DOMAIN;
    /** A James user on no roster. */
    public static final String CAROL = "carol@" + DOMAIN;
    public static final String CUSTOMER = "customer@example.org";
    public static final String QUEUE = "memory://var/mail/mailplex/help/";

    private final TraceSigner signer;
    private final Clock clock;
    private final InMemoryIntegrationResources resources;
    private final MemoryUsersRepository users;
    private final MemoryMailRepositoryStore repositoryStore;
    private final OperatorMailboxes mailboxes;
    private final DurablePlexState state;
    private final RecordingMetricFactory metricFactory;
    private final MailPlexService service;
    private final MailPlexAdministration administration;
    private final AwayOperators away;
    private final PlexMetrics metrics;
    private final OperatorAdministration operatorAdministration;

    private MemoryMailPlex(Builder builder) throws Exception {
        this.clock = builder.clock;
        this.resources = InMemoryIntegrationResources.defaultResources();
        MemoryDomainList domains = new MemoryDomainList(new InMemoryDNSService());
        domains.configure(DomainListConfiguration.DEFAULT);
        domains.addDomain(Domain.of(DOMAIN));
        this.users = MemoryUsersRepository.withVirtualHosting(domains);
        for (String user : List.of(ALICE, BOB, CAROL)) {
            users.addUser(Username.of(user), "secret");
        }
        this.repositoryStore = new MemoryMailRepositoryStore(new MemoryMailRepositoryUrlStore(), new SimpleMailRepositoryLoader(),
            MailRepositoryStoreConfiguration.forItems(new MailRepositoryStoreConfiguration.Item(
                ImmutableList.of(new Protocol("memory")), MemoryMailRepository.class.getName(), new BaseHierarchicalConfiguration())));
        repositoryStore.init();
        this.mailboxes = builder.mailboxes.apply(resources.getMailboxManager(), users);
        this.state = new DurablePlexState(new MemoryPlexStateStore());
        this.metricFactory = new RecordingMetricFactory();
        EventBus eventBus = builder.listenToMailboxes ? resources.getEventBus() : unusedEventBus();
        MailRepositoryStore store = builder.repositoryStore != null ? builder.repositoryStore
            : builder.hookedQueue != null ? builder.hookedQueue.asQueueOf(repositoryStore) : repositoryStore;
        this.signer = TraceSigner.inFolder(builder.stateFolder);
        AtomicReference<MailPlexService> started = new AtomicReference<>();
        this.metrics = new PlexMetrics(metricFactory, new NoopGaugeRegistry(), state, started::get);
        PlexEventStream events = new PlexEventStream(ImmutableSet.of(state, metrics));
        this.away = new AwayOperators(new FileAwayStore(new PlexFolders(builder.stateFolder)), events);
        PlexEnvironment wallOnly = new PlexEnvironment(clock, state, away, signer, events, StepPauses.NONE);
        PlexEnvironment environment = clock instanceof MutableClock ? wallOnly.withTicker(((MutableClock) clock)::ticks) : wallOnly;
        this.service = new MailPlexService(store, mailboxes, eventBus, new PlexFolders(builder.stateFolder), environment,
            PlexLeases.singleNode(clock));
        started.set(service);
        this.administration = new MailPlexAdministration(service, state, away);
        this.operatorAdministration = new OperatorAdministration(service, users, domains, clock);
    }

    /** An event bus no mailbox publishes to: only the reconcile tick sees mailbox changes. */
    private static EventBus unusedEventBus() {
        return new InVMEventBus(new InVmEventDelivery(new RecordingMetricFactory()), EventBusTestFixture.RETRY_BACKOFF_CONFIGURATION,
            new MemoryEventDeadLetters());
    }

    /** Awaitility polling every few milliseconds, for what a plex's loop does on its own thread. */
    public static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
    }

    public static Builder builder(Path stateFolder) {
        return new Builder(stateFolder);
    }

    public static final class Builder {
        private final Path stateFolder;
        private Clock clock = Clock.systemUTC();
        private BiFunction<MailboxManager, UsersRepository, OperatorMailboxes> mailboxes = OperatorMailboxes::new;
        private boolean listenToMailboxes = true;
        private MailRepositoryStore repositoryStore;
        private HookedMailRepository hookedQueue;

        private Builder(Path stateFolder) {
            this.stateFolder = stateFolder;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Operator mailboxes of the test's own making, usually a subclass that fails on purpose. */
        public Builder mailboxes(BiFunction<MailboxManager, UsersRepository, OperatorMailboxes> mailboxes) {
            this.mailboxes = mailboxes;
            return this;
        }

        /** Plexes hear of no mailbox event: held counts change for them only on the reconcile tick. */
        public Builder withoutMailboxEvents() {
            this.listenToMailboxes = false;
            return this;
        }

        /** The store the service selects its queues from, instead of James's memory store. */
        public Builder repositoryStore(MailRepositoryStore repositoryStore) {
            this.repositoryStore = repositoryStore;
            return this;
        }

        /** The default plex's queue is {@code queue}; every other repository (stuck mail) is James's memory one. */
        public Builder hookedQueue(HookedMailRepository queue) {
            this.hookedQueue = queue;
            return this;
        }

        public MemoryMailPlex build() throws Exception {
            return new MemoryMailPlex(this);
        }
    }

    /** This installation's trace signer (its secret lives in the state folder). */
    public TraceSigner signer() {
        return signer;
    }

    public MailPlexService service() {
        return service;
    }

    public MailPlexAdministration administration() {
        return administration;
    }

    /** The metrics subscriber of this James's event stream. */
    public PlexMetrics metrics() {
        return metrics;
    }

    /** The roster, schedules and absences, as the operator routes see them. */
    public OperatorAdministration operatorAdministration() {
        return operatorAdministration;
    }

    public AwayOperators away() {
        return away;
    }

    public DurablePlexState state() {
        return state;
    }

    public RecordingMetricFactory metricFactory() {
        return metricFactory;
    }

    public MailboxManager mailboxManager() {
        return resources.getMailboxManager();
    }

    /** The event bus the mailbox manager publishes to. */
    public EventBus eventBus() {
        return resources.getEventBus();
    }

    public UsersRepository users() {
        return users;
    }

    public OperatorMailboxes mailboxes() {
        return mailboxes;
    }

    public Clock clock() {
        return clock;
    }

    /** The queue repository at {@code url}, the one the plex parks in. */
    public MailRepository repository(String url) {
        return repositoryStore.select(MailRepositoryUrl.from(url));
    }

    /** The default plex's queue repository. */
    public MailRepository queue() {
        return repository(QUEUE);
    }

    /** The parameters of the default plex: account, operators alice and bob, the memory queue. */
    public static Map<String, String> defaultParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(PlexConfiguration.ACCOUNT, PLEX);
        parameters.put(PlexConfiguration.OPERATORS, ALICE + ", " + BOB);
        parameters.put(PlexConfiguration.REPOSITORY_PATH, QUEUE);
        return parameters;
    }

    /** The default plex's configuration, changed by {@code overrides} (name, value, name, value...); a null value removes. */
    public static PlexConfiguration configuration(String... overrides) throws MessagingException {
        Map<String, String> parameters = defaultParameters();
        for (int index = 0; index < overrides.length; index += 2) {
            if (overrides[index + 1] == null) {
                parameters.remove(overrides[index]);
            } else {
                parameters.put(overrides[index], overrides[index + 1]);
            }
        }
        return PlexConfiguration.parse(parameters.keySet(), parameters::get);
    }

    /** Starts the default plex, changed by {@code overrides}. */
    public Plex register(String... overrides) throws MessagingException {
        return service.register(configuration(overrides));
    }

    public Plex plex() {
        return administration.plex(address(PLEX));
    }

    // ------------------------------------------------------------------ mail

    /** A mail from {@value #CUSTOMER} to the plex, its message exactly {@link #rawMessage(String, String)}. */
    public static FakeMail mail(String subject) throws MessagingException {
        return mailTo(subject, PLEX);
    }

    public static FakeMail mailTo(String subject, String... recipients) throws MessagingException {
        return FakeMail.builder()
            .name("mail-" + subject.replace(' ', '-'))
            .sender(CUSTOMER)
            .recipients(recipients)
            .mimeMessage(verbatim(rawMessage(subject, "<" + subject.replace(' ', '-') + "@example.org>")))
            .build();
    }

    /** A message whose bytes James keeps as they are, as it does for what SMTP received. */
    public static MimeMessageWrapper verbatim(byte[] raw) throws MessagingException {
        return new MimeMessageWrapper(new MimeMessageSource() {
            @Override
            public String getSourceId() {
                return "test-" + System.identityHashCode(raw);
            }

            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(raw);
            }
        });
    }

    /** A small message with CRLF line ends, odd header whitespace and an 8-bit body that any re-encoding would spoil. */
    public static byte[] rawMessage(String subject, String messageId) {
        return rawMessage("Zoe Customer", subject, messageId);
    }

    /**
     * Like {@link #rawMessage(String, String)} with UTF-8 bytes in the From header, as an
     * SMTPUTF8 client sends them.
     */
    public static byte[] rawMessageWithEightBitHeader(String subject, String messageId) {
        return rawMessage("Zoë Customer", subject, messageId);
    }

    private static byte[] rawMessage(String displayName, String subject, String messageId) {
        String message = "Return-Path: <" + CUSTOMER + ">\r\n"
            + "Received: from client.example.org by mx.mailplex.local; Wed, 25 Nov 2026 10:00:00 +0000\r\n"
            + "From: " + displayName + " <" + CUSTOMER + ">\r\n"
            + "To: " + PLEX + "\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-ID: " + messageId + "\r\n"
            + "X-Odd:   spaces\tand tabs kept  \r\n"
            + "\r\n"
            + "Bonjour, ça va?\r\n"
            + "A line with trailing spaces   \r\n";
        return message.getBytes(StandardCharsets.UTF_8);
    }

    public static MailAddress address(String address) {
        try {
            return new MailAddress(address);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    // ------------------------------------------------------------------ mailboxes

    /** The raw messages in {@code user}'s {@code mailbox}, in arrival order; none when it does not exist. */
    public List<byte[]> messages(String user, String mailbox) throws Exception {
        MailboxManager manager = mailboxManager();
        MailboxSession session = manager.createSystemSession(Username.of(user));
        List<byte[]> messages = new ArrayList<>();
        MessageManager messageManager;
        try {
            messageManager = manager.getMailbox(MailboxPath.forUser(Username.of(user), mailbox), session);
        } catch (MailboxNotFoundException e) {
            return messages;
        }
        Iterator<MessageResult> results = messageManager.getMessages(MessageRange.all(), FetchGroup.FULL_CONTENT, session);
        while (results.hasNext()) {
            try (InputStream in = results.next().getFullContent().getInputStream()) {
                messages.add(in.readAllBytes());
            }
        }
        return messages;
    }

    public List<byte[]> inbox(String user) throws Exception {
        return messages(user, MailboxPath.inbox(Username.of(user)).getName());
    }

    /** The subjects in {@code user}'s INBOX, in arrival order. */
    public List<String> subjects(String user) throws Exception {
        List<String> subjects = new ArrayList<>();
        for (byte[] message : inbox(user)) {
            subjects.add(new MimeMessage(null, new ByteArrayInputStream(message)).getSubject());
        }
        return subjects;
    }

    /** Puts a message of the user's own in their INBOX, creating it: the user holds one more. */
    public void append(String user, String subject) throws Exception {
        MailboxManager manager = mailboxManager();
        MailboxSession session = manager.createSystemSession(Username.of(user));
        MailboxPath inbox = MailboxPath.inbox(Username.of(user));
        if (!reactor.core.publisher.Mono.from(manager.mailboxExists(inbox, session)).block()) {
            manager.createMailbox(inbox, session);
        }
        manager.getMailbox(inbox, session).appendMessage(MessageManager.AppendCommand.builder()
            .build(rawMessage(subject, "<own-" + subject.replace(' ', '-') + "@mailplex.local>")), session);
    }

    /** Deletes every message of {@code user}'s INBOX, as an operator done with their mail. */
    public void empty(String user) throws Exception {
        withInbox(user, (messageManager, session) -> {
            List<MessageUid> uids = new ArrayList<>();
            messageManager.getMessages(MessageRange.all(), FetchGroup.MINIMAL, session)
                .forEachRemaining(result -> uids.add(result.getUid()));
            messageManager.delete(uids, session);
        });
    }

    /** Marks every message of {@code user}'s INBOX \Seen. */
    public void readAll(String user) throws Exception {
        withInbox(user, (messageManager, session) ->
            messageManager.setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.ADD, MessageRange.all(), session));
    }

    /** Takes \Seen off every message of {@code user}'s INBOX, as "mark as unread" does. */
    public void unreadAll(String user) throws Exception {
        withInbox(user, (messageManager, session) ->
            messageManager.setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.REMOVE, MessageRange.all(), session));
    }

    /** Flags the first {@code count} messages of {@code user}'s INBOX \Deleted, without expunging. */
    public void flagDeleted(String user, int count) throws Exception {
        withInbox(user, (messageManager, session) -> {
            List<MessageUid> uids = new ArrayList<>();
            messageManager.getMessages(MessageRange.all(), FetchGroup.MINIMAL, session)
                .forEachRemaining(result -> uids.add(result.getUid()));
            for (MessageUid uid : uids.subList(0, count)) {
                messageManager.setFlags(new Flags(Flags.Flag.DELETED), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(uid), session);
            }
        });
    }

    private interface InboxAction {
        void run(MessageManager messageManager, MailboxSession session) throws Exception;
    }

    private void withInbox(String user, InboxAction action) throws Exception {
        MailboxManager manager = mailboxManager();
        MailboxSession session = manager.createSystemSession(Username.of(user));
        action.run(manager.getMailbox(MailboxPath.inbox(Username.of(user)), session), session);
    }

    @Override
    public void close() {
        service.stop();
    }
}
