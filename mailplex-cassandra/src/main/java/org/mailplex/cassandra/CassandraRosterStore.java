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

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.mailplex.core.MailboxSpec;
import org.mailplex.core.RosterEntry;
import org.mailplex.state.RosterStore;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;

/** The rosters admins changed, in {@value #TABLE}: one row per plex, written whole (three lists in roster order). */
public class CassandraRosterStore implements RosterStore {
    public static final String TABLE = "mailplex_roster";
    private static final long OFF = -1;
    /** The kind of an operator whose mailbox is in this James (no mailbox elsewhere). */
    private static final String LOCAL = "";

    private final CqlSession session;
    private final PreparedStatement select;
    private final PreparedStatement insert;
    private final PreparedStatement delete;

    @Inject
    public CassandraRosterStore(CqlSession session) {
        this.session = session;
        Cql.createTable(session, "CREATE TABLE IF NOT EXISTS " + TABLE + " (plex text PRIMARY KEY, operators frozen<list<text>>,"
            + " capacities frozen<list<int>>, reclaim_after_ms frozen<list<bigint>>, mailbox_kinds frozen<list<text>>,"
            + " mailbox_parameters frozen<list<frozen<map<text, text>>>>)");
        this.select = session.prepare("SELECT operators, capacities, reclaim_after_ms, mailbox_kinds, mailbox_parameters FROM " + TABLE
            + " WHERE plex = ?");
        this.insert = session.prepare("INSERT INTO " + TABLE + " (plex, operators, capacities, reclaim_after_ms, mailbox_kinds,"
            + " mailbox_parameters) VALUES (?, ?, ?, ?, ?, ?)");
        this.delete = session.prepare("DELETE FROM " + TABLE + " WHERE plex = ?");
    }

    @Override
    public Optional<List<RosterEntry>> load(String plex) throws IOException {
        Row row = session.execute(quorum(select.bind(plex))).one();
        if (row == null) {
            return Optional.empty();
        }
        List<String> operators = row.getList("operators", String.class);
        List<Integer> capacities = row.getList("capacities", Integer.class);
        List<Long> reclaimAfter = row.getList("reclaim_after_ms", Long.class);
        List<String> kinds = row.getList("mailbox_kinds", String.class);
        List<Map<String, String>> parameters = row.get("mailbox_parameters", GenericType.listOf(GenericType.mapOf(String.class, String.class)));
        if (operators.isEmpty() || operators.size() != capacities.size() || operators.size() != reclaimAfter.size()
            || operators.size() != kinds.size() || operators.size() != parameters.size()) {
            throw new IOException("MailPlex roster of " + plex + " in Cassandra table " + TABLE + " is incomplete; "
                + "remove its row to bring back the configuration's roster");
        }
        List<RosterEntry> roster = new ArrayList<>();
        for (int index = 0; index < operators.size(); index++) {
            long after = reclaimAfter.get(index);
            String kind = kinds.get(index);
            roster.add(new RosterEntry(operators.get(index), capacities.get(index),
                after == OFF ? Optional.empty() : Optional.of(Duration.ofMillis(after)),
                kind.equals(LOCAL) ? Optional.empty() : Optional.of(new MailboxSpec(kind, parameters.get(index)))));
        }
        return Optional.of(List.copyOf(roster));
    }

    @Override
    public void save(String plex, List<RosterEntry> roster) {
        List<String> operators = new ArrayList<>();
        List<Integer> capacities = new ArrayList<>();
        List<Long> reclaimAfter = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<Map<String, String>> parameters = new ArrayList<>();
        for (RosterEntry entry : roster) {
            operators.add(entry.operator());
            capacities.add(entry.capacity());
            reclaimAfter.add(entry.reclaimAfter().map(Duration::toMillis).orElse(OFF));
            kinds.add(entry.mailbox().map(MailboxSpec::kind).orElse(LOCAL));
            parameters.add(entry.mailbox().map(MailboxSpec::parameters).orElse(Map.of()));
        }
        session.execute(quorum(insert.bind(plex, operators, capacities, reclaimAfter, kinds, parameters)));
    }

    @Override
    public void delete(String plex) {
        session.execute(quorum(delete.bind(plex)));
    }
}
