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

package org.mailplex.queue;

import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

import javax.mail.MessagingException;

import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryPath;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryStore.MailRepositoryStoreException;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.mailet.Mail;
import org.mailplex.plex.MemoryMailPlex;

/**
 * James's {@link MemoryMailRepository} with a hook the test sets before {@link #list()} and
 * {@link #retrieve(MailKey)}: to fail once, or to hold the plex's loop where the test wants it.
 */
public final class HookedMailRepository implements MailRepository {
    public interface Hook {
        void run() throws MessagingException;
    }

    private static final Hook NOTHING = () -> { };

    private final MemoryMailRepository repository = new MemoryMailRepository();
    private volatile Hook beforeList = NOTHING;
    private volatile Hook beforeRetrieve = NOTHING;
    private volatile Hook beforeRemove = NOTHING;
    private volatile boolean losingWhatItReads;

    public void beforeList(Hook hook) {
        this.beforeList = hook;
    }

    public void beforeRetrieve(Hook hook) {
        this.beforeRetrieve = hook;
    }

    /** Runs before every {@link #remove(MailKey)}: a hook that throws makes the removal fail, and nothing is removed. */
    public void beforeRemove(Hook hook) {
        this.beforeRemove = hook;
    }

    /** From now on, as James's FileMailRepository does with a mail it cannot read: deletes it and answers nothing. */
    public void loseWhatItReads() {
        this.losingWhatItReads = true;
    }

    /** A store that gives this repository for every URL, as James's store gives one per URL. */
    public MailRepositoryStore asStore() {
        HookedMailRepository self = this;
        return new MailRepositoryStore() {
            @Override
            public MailRepository select(MailRepositoryUrl url) {
                return self;
            }

            @Override
            public Optional<Protocol> defaultProtocol() {
                return Optional.of(new Protocol("memory"));
            }

            @Override
            public Optional<MailRepository> get(MailRepositoryUrl url) {
                return Optional.of(self);
            }

            @Override
            public Stream<MailRepository> getByPath(MailRepositoryPath path) {
                return Stream.of(self);
            }

            @Override
            public Stream<MailRepositoryUrl> getUrls() {
                return Stream.of(MailRepositoryUrl.from(MemoryMailPlex.QUEUE));
            }
        };
    }

    /** {@code others}, except that the default plex's queue ({@value MemoryMailPlex#QUEUE}) is this repository. */
    public MailRepositoryStore asQueueOf(MailRepositoryStore others) {
        HookedMailRepository self = this;
        MailRepositoryUrl queue = MailRepositoryUrl.from(MemoryMailPlex.QUEUE);
        return new MailRepositoryStore() {
            @Override
            public MailRepository select(MailRepositoryUrl url) throws MailRepositoryStoreException {
                return url.equals(queue) ? self : others.select(url);
            }

            @Override
            public Optional<Protocol> defaultProtocol() {
                return others.defaultProtocol();
            }

            @Override
            public Optional<MailRepository> get(MailRepositoryUrl url) throws MailRepositoryStoreException {
                return url.equals(queue) ? Optional.of(self) : others.get(url);
            }

            @Override
            public Stream<MailRepository> getByPath(MailRepositoryPath path) throws MailRepositoryStoreException {
                return others.getByPath(path);
            }

            @Override
            public Stream<MailRepositoryUrl> getUrls() {
                return others.getUrls();
            }
        };
    }

    @Override
    public MailKey store(Mail mail) throws MessagingException {
        return repository.store(mail);
    }

    @Override
    public Iterator<MailKey> list() throws MessagingException {
        beforeList.run();
        return repository.list();
    }

    @Override
    public Mail retrieve(MailKey key) throws MessagingException {
        beforeRetrieve.run();
        if (losingWhatItReads) {
            repository.remove(key);
            return null;
        }
        return repository.retrieve(key);
    }

    @Override
    public void remove(MailKey key) throws MessagingException {
        beforeRemove.run();
        repository.remove(key);
    }

    @Override
    public long size() throws MessagingException {
        return repository.size();
    }

    @Override
    public void removeAll() throws MessagingException {
        repository.removeAll();
    }
}
