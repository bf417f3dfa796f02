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

package org.mailplex.multinode;

import java.util.Collection;
import java.util.Iterator;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.mailet.Mail;

/**
 * {@code cassandra://} for the memory-app nodes of the multi-node test: James's own
 * {@code CassandraMailRepository} (through its factory) in the shared Cassandra, declared in the
 * nodes' {@code mailrepositorystore.xml}. James's loader binds the URL being loaded.
 */
public class CassandraQueueRepository implements MailRepository {
    private final MailRepository repository;

    @Inject
    public CassandraQueueRepository(MailRepositoryUrl url) {
        this.repository = SharedCassandra.repositories().create(url);
    }

    @Override
    public long size() throws MessagingException {
        return repository.size();
    }

    @Override
    public MailKey store(Mail mail) throws MessagingException {
        return repository.store(mail);
    }

    @Override
    public Iterator<MailKey> list() throws MessagingException {
        return repository.list();
    }

    @Override
    public Mail retrieve(MailKey key) throws MessagingException {
        return repository.retrieve(key);
    }

    @Override
    public void remove(MailKey key) throws MessagingException {
        repository.remove(key);
    }

    @Override
    public void remove(Collection<MailKey> keys) throws MessagingException {
        repository.remove(keys);
    }

    @Override
    public void removeAll() throws MessagingException {
        repository.removeAll();
    }
}
