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

import static org.mailplex.cassandra.Cql.quorum;

import java.util.ArrayList;
import java.util.List;

import org.mailplex.state.MessageLocation;
import org.mailplex.state.ReclaimJournalStore;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

/** One plex's reclaims under way in {@value #TABLE}, shared by every node: one row per reclaim begun, deleted when it ends. */
public class CassandraReclaimJournalStore implements ReclaimJournalStore {
    public static final String TABLE = "mailplex_reclaims_open";

    private final CqlSession session;
    private final String plex;
    private final Statements statements;

    /** The table's statements, prepared once per session. */
    static final class Statements {
        final PreparedStatement select;
        final PreparedStatement insert;
        final PreparedStatement delete;

        Statements(CqlSession session) {
            Cql.createTable(session, "CREATE TABLE IF NOT EXISTS " + TABLE + " (plex text, key text, operator text, mailbox text,"
                + " uid_validity bigint, uid bigint, PRIMARY KEY (plex, key))");
            select = session.prepare("SELECT key, operator, mailbox, uid_validity, uid FROM " + TABLE + " WHERE plex = ?");
            insert = session.prepare("INSERT INTO " + TABLE + " (plex, key, operator, mailbox, uid_validity, uid) VALUES (?, ?, ?, ?, ?, ?)");
            delete = session.prepare("DELETE FROM " + TABLE + " WHERE plex = ? AND key = ?");
        }
    }

    CassandraReclaimJournalStore(CqlSession session, Statements statements, String plex) {
        this.session = session;
        this.statements = statements;
        this.plex = plex;
    }

    @Override
    public List<Open> recover() {
        List<Open> open = new ArrayList<>();
        for (Row row : session.execute(quorum(statements.select.bind(plex)))) {
            open.add(new Open(row.getString("key"), row.getString("operator"), new MessageLocation(row.getString("mailbox"),
                row.getLong("uid_validity"), row.getLong("uid"))));
        }
        return open;
    }

    @Override
    public void begin(Open reclaim) {
        MessageLocation location = reclaim.location();
        session.execute(quorum(statements.insert.bind(plex, reclaim.key(), reclaim.operator(), location.mailbox(), location.uidValidity(),
            location.uid())));
    }

    @Override
    public void end(String key) {
        session.execute(quorum(statements.delete.bind(plex, key)));
    }

    @Override
    public String where() {
        return "Cassandra table " + TABLE + " (plex " + plex + ")";
    }
}
