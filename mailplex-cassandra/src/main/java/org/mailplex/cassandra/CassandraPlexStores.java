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

package org.mailplex.cassandra;

import javax.inject.Inject;

import org.mailplex.state.ConversationsStore;
import org.mailplex.state.PlexStores;
import org.mailplex.state.ReclaimJournalStore;
import org.mailplex.state.ReleaseJournalStore;

import com.datastax.oss.driver.api.core.CqlSession;

/** A plex's own stores (release and reclaim journals, conversations) in Cassandra; their tables are created here, at start. */
public class CassandraPlexStores implements PlexStores {
    private final CqlSession session;
    private final CassandraReleaseJournalStore.Statements releases;
    private final CassandraReclaimJournalStore.Statements reclaims;

    @Inject
    public CassandraPlexStores(CqlSession session) {
        this.session = session;
        this.releases = new CassandraReleaseJournalStore.Statements(session);
        this.reclaims = new CassandraReclaimJournalStore.Statements(session);
        CassandraConversationsStore.createTable(session);
    }

    @Override
    public ReleaseJournalStore releaseJournal(String plex, int historySize) {
        return new CassandraReleaseJournalStore(session, releases, plex, historySize);
    }

    @Override
    public ReclaimJournalStore reclaimJournal(String plex) {
        return new CassandraReclaimJournalStore(session, reclaims, plex);
    }

    @Override
    public ConversationsStore conversations(String plex) {
        return new CassandraConversationsStore(session, plex);
    }
}
