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
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.mailplex.core.Release;
import org.mailplex.state.ReleaseJournalStore;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

/**
 * One plex's release journal in Cassandra, shared by every node: the releases under way in
 * {@value #OPEN_TABLE} (one row per release begun, marked when delivered, deleted when it ends), the
 * ones done in {@value #HISTORY_TABLE} (newest first, kept {@value #HISTORY_DAYS} days). A node
 * taking a plex over reads exactly which releases the last holder began and which it delivered.
 */
public class CassandraReleaseJournalStore implements ReleaseJournalStore {
    public static final String OPEN_TABLE = "mailplex_releases_open";
    public static final String HISTORY_TABLE = "mailplex_release_history";
    static final int HISTORY_DAYS = 30;

    private final CqlSession session;
    private final String plex;
    private final int historySize;
    private final Statements statements;
    private final MonotonicMicros clock = new MonotonicMicros();
    /** Delivered by this node and not ended yet: they join the history when they end. */
    private final Map<String, Release> delivering = Collections.synchronizedMap(new LinkedHashMap<>());

    /** The statements of both tables, prepared once per session. */
    static final class Statements {
        final PreparedStatement selectOpen;
        final PreparedStatement selectOneOpen;
        final PreparedStatement begin;
        final PreparedStatement delivered;
        final PreparedStatement deleteOpen;
        final PreparedStatement selectHistory;
        final PreparedStatement insertHistory;

        Statements(CqlSession session) {
            Cql.createTable(session, "CREATE TABLE IF NOT EXISTS " + OPEN_TABLE + " (plex text, key text, operator text, delivered boolean,"
                + " released_at timestamp, message_id text, PRIMARY KEY (plex, key))");
            Cql.createTable(session, "CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE + " (plex text, ended bigint, key text, operator text,"
                + " released_at timestamp, message_id text, PRIMARY KEY (plex, ended, key))"
                + " WITH CLUSTERING ORDER BY (ended DESC, key DESC) AND default_time_to_live = " + HISTORY_DAYS * 86_400);
            selectOpen = session.prepare("SELECT key, operator, delivered, released_at, message_id FROM " + OPEN_TABLE + " WHERE plex = ?");
            selectOneOpen = session.prepare("SELECT key, operator, delivered, released_at, message_id FROM " + OPEN_TABLE
                + " WHERE plex = ? AND key = ?");
            begin = session.prepare("INSERT INTO " + OPEN_TABLE + " (plex, key, operator, delivered) VALUES (?, ?, ?, false)");
            delivered = session.prepare("INSERT INTO " + OPEN_TABLE + " (plex, key, operator, delivered, released_at, message_id)"
                + " VALUES (?, ?, ?, true, ?, ?)");
            deleteOpen = session.prepare("DELETE FROM " + OPEN_TABLE + " WHERE plex = ? AND key = ?");
            selectHistory = session.prepare("SELECT key, operator, released_at, message_id FROM " + HISTORY_TABLE
                + " WHERE plex = ? LIMIT ?");
            insertHistory = session.prepare("INSERT INTO " + HISTORY_TABLE + " (plex, ended, key, operator, released_at, message_id)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
        }
    }

    CassandraReleaseJournalStore(CqlSession session, Statements statements, String plex, int historySize) {
        this.session = session;
        this.statements = statements;
        this.plex = plex;
        this.historySize = historySize;
    }

    @Override
    public Recovery recover() {
        Map<String, String> begun = new LinkedHashMap<>();
        Map<String, Release> delivered = new LinkedHashMap<>();
        for (Row row : session.execute(quorum(statements.selectOpen.bind(plex)))) {
            if (isDelivered(row)) {
                delivered.put(row.getString("key"), release(row));
            } else {
                begun.put(row.getString("key"), row.getString("operator"));
            }
        }
        return new Recovery(begun, delivered, history());
    }

    private static boolean isDelivered(Row row) {
        return !row.isNull("delivered") && row.getBoolean("delivered") && !row.isNull("released_at");
    }

    private static Release release(Row row) {
        return new Release(row.getString("key"), row.getString("operator"), Optional.ofNullable(row.getString("message_id")),
            row.getInstant("released_at"));
    }

    @Override
    public List<Release> history() {
        List<Release> newestFirst = new ArrayList<>();
        session.execute(quorum(statements.selectHistory.bind(plex, historySize))).forEach(row -> newestFirst.add(release(row)));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public void reset(Collection<Release> stillDelivered) {
        Set<String> kept = stillDelivered.stream().map(Release::key).collect(Collectors.toSet());
        for (Row row : session.execute(quorum(statements.selectOpen.bind(plex)))) {
            String key = row.getString("key");
            if (kept.contains(key)) {
                continue;
            }
            if (isDelivered(row)) {
                remember(release(row));
            }
            session.execute(quorum(statements.deleteOpen.bind(plex, key)));
        }
        delivering.clear();
        stillDelivered.forEach(release -> delivering.put(release.key(), release));
    }

    @Override
    public void begin(String key, String operator) {
        session.execute(quorum(statements.begin.bind(plex, key, operator)));
    }

    @Override
    public void delivered(Release release) {
        session.execute(quorum(statements.delivered.bind(plex, release.key(), release.operator(), release.releasedAt(),
            release.messageId().orElse(null))));
        delivering.put(release.key(), release);
    }

    @Override
    public void end(String key) {
        Release delivered = delivering.remove(key);
        if (delivered == null) {
            Row row = session.execute(quorum(statements.selectOneOpen.bind(plex, key))).one();
            if (row != null && isDelivered(row)) {
                delivered = release(row);
            }
        }
        if (delivered != null) {
            remember(delivered);
        }
        session.execute(quorum(statements.deleteOpen.bind(plex, key)));
    }

    private void remember(Release release) {
        session.execute(quorum(statements.insertHistory.bind(plex, clock.next(), release.key(), release.operator(), release.releasedAt(),
            release.messageId().orElse(null))));
    }

    @Override
    public String where() {
        return "Cassandra tables " + OPEN_TABLE + " and " + HISTORY_TABLE + " (plex " + plex + ")";
    }

    @Override
    public void close() {
    }
}
