package org.mailplex.james;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.events.EventBus;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.events.Registration;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryStore.MailRepositoryStoreException;
import org.mailplex.mailet.PlexConfiguration;
import org.mailplex.state.PlexStateKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;

import reactor.core.publisher.Mono;

/**
 * Every plex of this James, one {@link PlexDispatcher} each. A singleton of the extension
 * injector, shared by the mailets that register plexes, the mailbox listener and the webadmin
 * routes.
 */
@Singleton
public class MailPlexService {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailPlexService.class);

    private final MailRepositoryStore repositoryStore;
    private final OperatorMailboxes mailboxes;
    private final EventBus eventBus;
    private final Clock clock;
    private final FileSystem fileSystem;
    private final PlexStateKeeper stateKeeper;
    private final Map<MailAddress, PlexDispatcher> plexes = new ConcurrentHashMap<>();
    private Registration listenerRegistration;

    @Inject
    public MailPlexService(MailRepositoryStore repositoryStore, OperatorMailboxes mailboxes, EventBus eventBus, Clock clock,
                           FileSystem fileSystem, PlexStateKeeper stateKeeper) {
        this.repositoryStore = repositoryStore;
        this.mailboxes = mailboxes;
        this.eventBus = eventBus;
        this.clock = clock;
        this.fileSystem = fileSystem;
        this.stateKeeper = stateKeeper;
    }

    /** Starts the plex a MailPlex mailet configures; fails with a message naming the parameter. */
    public synchronized PlexDispatcher register(PlexConfiguration configuration) throws MessagingException {
        MailAddress account = configuration.account();
        if (plexes.containsKey(account)) {
            throw PlexConfigurationErrors.duplicateAccount(account);
        }
        for (PlexDispatcher other : plexes.values()) {
            MailAddress otherAccount = other.configuration().account();
            if (configuration.operators().contains(otherAccount)) {
                throw PlexConfigurationErrors.operatorIsPlex(account, otherAccount);
            }
            if (other.configuration().operators().contains(account)) {
                throw PlexConfigurationErrors.operatorIsPlex(otherAccount, account);
            }
        }
        PlexDispatcher dispatcher = new PlexDispatcher(configuration, repository(configuration), mailboxes, clock,
            new ThreadMemoryFile(stateDirectory(account).resolve("conversations.tsv")));
        listenToMailboxes();
        stateKeeper.attach(dispatcher);
        plexes.put(account, dispatcher);
        dispatcher.start();
        LOGGER.info("MailPlex started: {}", configuration);
        return dispatcher;
    }

    /** {@code var/mailplex/<plex>/} under James's working directory. */
    private Path stateDirectory(MailAddress account) throws MessagingException {
        try {
            return fileSystem.getFile(FileSystem.FILE_PROTOCOL_AND_VAR + "mailplex/" + account.asString()).toPath();
        } catch (IOException e) {
            throw new MessagingException("MailPlex cannot locate its state folder under James's var/: " + e.getMessage(), e);
        }
    }

    private MailRepository repository(PlexConfiguration configuration) throws MessagingException {
        try {
            return repositoryStore.select(configuration.repositoryUrl());
        } catch (MailRepositoryStoreException | RuntimeException e) {
            throw PlexConfigurationErrors.repository(configuration.repositoryUrl(), e);
        }
    }

    private void listenToMailboxes() {
        if (listenerRegistration == null) {
            listenerRegistration = eventBus.register(new MailboxChangeListener(this::mailboxChanged), MailboxChangeListener.GROUP);
        }
    }

    /** Stops a plex; its parked mail stays in its queue. */
    public synchronized void unregister(MailAddress account) {
        PlexDispatcher dispatcher = plexes.remove(account);
        if (dispatcher != null) {
            dispatcher.stop();
            LOGGER.info("MailPlex {} stopped", account.asString());
        }
    }

    public Optional<PlexDispatcher> plex(MailAddress account) {
        return Optional.ofNullable(plexes.get(account));
    }

    public Collection<PlexDispatcher> plexes() {
        return ImmutableList.copyOf(plexes.values());
    }

    void mailboxChanged(MailboxPath path) {
        plexes.values().forEach(plex -> plex.mailboxChanged(path));
    }

    @PreDestroy
    public synchronized void stop() {
        ImmutableList.copyOf(plexes.keySet()).forEach(this::unregister);
        if (listenerRegistration != null) {
            Mono.from(listenerRegistration.unregister()).block();
            listenerRegistration = null;
        }
    }
}
