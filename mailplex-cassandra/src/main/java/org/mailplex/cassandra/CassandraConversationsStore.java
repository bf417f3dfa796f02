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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mailplex.core.Conversations;
import org.mailplex.state.ConversationsStore;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

/**
 * One plex's conversations in {@value #TABLE}, one row per Message-ID with its operator and the
 * order it was remembered in. A save writes only what changed since this node last loaded or saved.
 */
public class CassandraConversationsStore implements ConversationsStore {
    public static final String TABLE = "mailplex_conversations";

    private final CqlSession session;
    private final String plex;
    private final PreparedStatement select;
    private final PreparedStatement insert;
    private final PreparedStatement delete;
    private final MonotonicMicros clock = new MonotonicMicros();
    private Map<String, String> known = Map.of();

    CassandraConversationsStore(CqlSession session, String plex) {
        this.session = session;
        this.plex = plex;
        this.select = session.prepare("SELECT message_id, operator, remembered FROM " + TABLE + " WHERE plex = ?");
        this.insert = session.prepare("INSERT INTO " + TABLE + " (plex, message_id, operator, remembered) VALUES (?, ?, ?, ?)");
        this.delete = session.prepare("DELETE FROM " + TABLE + " WHERE plex = ? AND message_id = ?");
    }

    static void createTable(CqlSession session) {
        Cql.createTable(session, "CREATE TABLE IF NOT EXISTS " + TABLE + " (plex text, message_id text, operator text, remembered bigint,"
            + " PRIMARY KEY (plex, message_id))");
    }

    @Override
    public synchronized void load(Conversations conversations) {
        List<Row> rows = new ArrayList<>();
        session.execute(quorum(select.bind(plex))).forEach(rows::add);
        rows.sort(Comparator.comparingLong(row -> row.isNull("remembered") ? 0L : row.getLong("remembered")));
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        rows.forEach(row -> entries.add(Map.entry(row.getString("message_id"), row.getString("operator"))));
        conversations.restore(entries);
        known = new HashMap<>(asMap(conversations.entries()));
    }

    @Override
    public synchronized void save(Conversations conversations) {
        Map<String, String> now = asMap(conversations.entries());
        for (String messageId : known.keySet()) {
            if (!now.containsKey(messageId)) {
                session.execute(quorum(delete.bind(plex, messageId)));
            }
        }
        for (Map.Entry<String, String> entry : now.entrySet()) {
            if (!entry.getValue().equals(known.get(entry.getKey()))) {
                session.execute(quorum(insert.bind(plex, entry.getKey(), entry.getValue(), clock.next())));
            }
        }
        known = now;
    }

    private static Map<String, String> asMap(List<Map.Entry<String, String>> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        entries.forEach(entry -> map.put(entry.getKey(), entry.getValue()));
        return map;
    }

    @Override
    public String where() {
        return "Cassandra table " + TABLE + " (plex " + plex + ")";
    }
}
