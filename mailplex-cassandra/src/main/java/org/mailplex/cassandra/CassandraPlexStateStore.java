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

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;

import org.mailplex.state.PlexState;
import org.mailplex.state.PlexStateStore;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

/**
 * Pauses and counters of every plex in {@value #TABLE}, one row per plex and operator. A save writes
 * only what differs from what this node last loaded or saved: a pause made on one node and the
 * counters the lease holder saves on another touch different cells, so neither undoes the other.
 */
public class CassandraPlexStateStore implements PlexStateStore {
    public static final String TABLE = "mailplex_state";

    private final CqlSession session;
    private final PreparedStatement select;
    private final PreparedStatement setPaused;
    private final PreparedStatement setDispatched;
    private final PreparedStatement setReclaimed;
    private final PreparedStatement setWaits;
    private final Map<String, PlexState> known = new ConcurrentHashMap<>();

    @Inject
    public CassandraPlexStateStore(CqlSession session) {
        this.session = session;
        Cql.createTable(session, "CREATE TABLE IF NOT EXISTS " + TABLE + " (plex text, operator text, paused boolean, dispatched bigint,"
            + " reclaimed bigint, waits list<bigint>, PRIMARY KEY (plex, operator))");
        this.select = session.prepare("SELECT operator, paused, dispatched, reclaimed, waits FROM " + TABLE + " WHERE plex = ?");
        this.setPaused = session.prepare("UPDATE " + TABLE + " SET paused = ? WHERE plex = ? AND operator = ?");
        this.setDispatched = session.prepare("UPDATE " + TABLE + " SET dispatched = ? WHERE plex = ? AND operator = ?");
        this.setReclaimed = session.prepare("UPDATE " + TABLE + " SET reclaimed = ? WHERE plex = ? AND operator = ?");
        this.setWaits = session.prepare("UPDATE " + TABLE + " SET waits = ? WHERE plex = ? AND operator = ?");
    }

    @Override
    public PlexState load(String plex) {
        Set<String> paused = new HashSet<>();
        Map<String, Long> dispatched = new HashMap<>();
        Map<String, List<Long>> waits = new HashMap<>();
        Map<String, Long> reclaimed = new HashMap<>();
        for (Row row : session.execute(quorum(select.bind(plex)))) {
            String operator = row.getString("operator");
            if (!row.isNull("paused") && row.getBoolean("paused")) {
                paused.add(operator);
            }
            if (!row.isNull("dispatched")) {
                dispatched.put(operator, row.getLong("dispatched"));
            }
            if (!row.isNull("reclaimed")) {
                reclaimed.put(operator, row.getLong("reclaimed"));
            }
            List<Long> list = row.getList("waits", Long.class);
            if (list != null && !list.isEmpty()) {
                waits.put(operator, list);
            }
        }
        PlexState state = new PlexState(paused, dispatched, waits, reclaimed);
        known.put(plex, state);
        return state;
    }

    @Override
    public synchronized void save(String plex, PlexState state) {
        PlexState before = known.getOrDefault(plex, PlexState.empty());
        Set<String> operators = new TreeSet<>();
        for (PlexState one : List.of(before, state)) {
            operators.addAll(one.paused());
            operators.addAll(one.dispatched().keySet());
            operators.addAll(one.reclaimed().keySet());
            operators.addAll(one.recentWaitsMillis().keySet());
        }
        for (String operator : operators) {
            if (before.isPaused(operator) != state.isPaused(operator)) {
                session.execute(quorum(setPaused.bind(state.isPaused(operator), plex, operator)));
            }
            if (!Objects.equals(before.dispatched().get(operator), state.dispatched().get(operator))) {
                session.execute(quorum(setDispatched.bind(state.dispatched().get(operator), plex, operator)));
            }
            if (!Objects.equals(before.reclaimed().get(operator), state.reclaimed().get(operator))) {
                session.execute(quorum(setReclaimed.bind(state.reclaimed().get(operator), plex, operator)));
            }
            if (!before.recentWaitsMillis(operator).equals(state.recentWaitsMillis(operator))) {
                session.execute(quorum(setWaits.bind(state.recentWaitsMillis(operator), plex, operator)));
            }
        }
        known.put(plex, state);
    }
}
