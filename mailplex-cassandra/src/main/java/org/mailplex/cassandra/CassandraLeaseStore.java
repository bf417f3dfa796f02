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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.mailplex.core.HolderRequest;
import org.mailplex.core.LeaseRecord;
import org.mailplex.core.LeaseStore;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;

/**
 * The plexes' leases in Cassandra, in the keyspace of the {@link CqlSession} James's Cassandra
 * backend binds: one row per plex in {@code mailplex_lease}, every write a lightweight transaction.
 *
 * <pre>
 * CREATE TABLE mailplex_lease (plex text PRIMARY KEY, holder text, epoch bigint, releasing map&lt;int, text&gt;)
 * </pre>
 *
 * <p>{@code holder} is written with a TTL: when its node stops renewing, the cell expires and the
 * lease is free. {@code epoch} has no TTL and only grows: taking the lease is one conditional batch
 * that writes the holder (with TTL) and the next epoch (without) only if nobody holds the lease and
 * the epoch is still the one the taker read. {@code releasing} keeps each plex's last {@value
 * FenceRing#SLOTS} releases begun (queue key and operator), in a ring of its own ({@link FenceRing}),
 * each written by the fence LWT conditional on holder and epoch: the next holder looks for those in
 * the operators' mailboxes before releasing anything.
 * Cells are overwritten in place (no tombstone per release).</p>
 */
public class CassandraLeaseStore implements LeaseStore {
    public static final String TABLE = "mailplex_lease";
    /**
     * The last key each plex's nodes parked and the last mark of an admin's change, apart from the
     * lease row: plain writes never mix with its lightweight transactions.
     */
    public static final String PARKED_TABLE = "mailplex_parked";
    /** Admins' actions asked on one node for the lease holder to run; a row lives an hour at most. */
    public static final String REQUESTS_TABLE = "mailplex_requests";
    private static final String ASKED = "asked";
    private static final char SEPARATOR = ' ';

    private final CqlSession session;
    private final PreparedStatement select;
    private final PreparedStatement selectReleasing;
    private final PreparedStatement insertRow;
    private final PreparedStatement take;
    private final PreparedStatement setEpoch;
    private final PreparedStatement renew;
    private final PreparedStatement giveUp;
    private final PreparedStatement fence;
    private final PreparedStatement markParked;
    private final PreparedStatement selectParked;
    private final PreparedStatement markChanged;
    private final PreparedStatement selectChanged;
    private final PreparedStatement ask;
    private final PreparedStatement selectAsked;
    private final PreparedStatement takeRequest;
    private final PreparedStatement answerRequest;
    private final PreparedStatement selectAnswer;
    private final PreparedStatement cancelRequest;
    private final FenceRing ring = new FenceRing();

    @Inject
    public CassandraLeaseStore(CqlSession session) {
        this.session = session;
        Cql.createTable(session, "CREATE TABLE IF NOT EXISTS " + TABLE
            + " (plex text PRIMARY KEY, holder text, epoch bigint, releasing map<int, text>)");
        Cql.createTable(session, "CREATE TABLE IF NOT EXISTS " + PARKED_TABLE + " (plex text PRIMARY KEY, last_key text, last_change text)");
        this.markParked = session.prepare("UPDATE " + PARKED_TABLE + " SET last_key = ? WHERE plex = ?");
        this.selectParked = session.prepare("SELECT last_key FROM " + PARKED_TABLE + " WHERE plex = ?");
        this.markChanged = session.prepare("UPDATE " + PARKED_TABLE + " SET last_change = ? WHERE plex = ?");
        this.selectChanged = session.prepare("SELECT last_change FROM " + PARKED_TABLE + " WHERE plex = ?");
        Cql.createTable(session, "CREATE TABLE IF NOT EXISTS " + REQUESTS_TABLE + " (plex text, id text, action text, key text, operator text,"
            + " state text, answer text, PRIMARY KEY (plex, id)) WITH default_time_to_live = 3600");
        this.ask = session.prepare("INSERT INTO " + REQUESTS_TABLE + " (plex, id, action, key, operator, state) VALUES (?, ?, ?, ?, ?, '"
            + ASKED + "')");
        this.selectAsked = session.prepare("SELECT id, action, key, operator, state FROM " + REQUESTS_TABLE + " WHERE plex = ?");
        this.takeRequest = session.prepare("UPDATE " + REQUESTS_TABLE + " SET state = 'taken' WHERE plex = ? AND id = ? IF state = '"
            + ASKED + "'");
        this.answerRequest = session.prepare("UPDATE " + REQUESTS_TABLE + " SET state = 'answered', answer = ? WHERE plex = ? AND id = ?");
        this.selectAnswer = session.prepare("SELECT answer FROM " + REQUESTS_TABLE + " WHERE plex = ? AND id = ?");
        this.cancelRequest = session.prepare("DELETE FROM " + REQUESTS_TABLE + " WHERE plex = ? AND id = ? IF state = '" + ASKED + "'");
        this.select = session.prepare("SELECT holder, epoch FROM " + TABLE + " WHERE plex = ?");
        this.selectReleasing = session.prepare("SELECT releasing FROM " + TABLE + " WHERE plex = ?");
        this.insertRow = session.prepare("INSERT INTO " + TABLE + " (plex, epoch) VALUES (?, 0) IF NOT EXISTS");
        this.take = session.prepare("UPDATE " + TABLE + " USING TTL ? SET holder = ? WHERE plex = ? IF holder = null AND epoch = ?");
        this.setEpoch = session.prepare("UPDATE " + TABLE + " SET epoch = ? WHERE plex = ?");
        this.renew = session.prepare("UPDATE " + TABLE + " USING TTL ? SET holder = ? WHERE plex = ? IF holder = ? AND epoch = ?");
        this.giveUp = session.prepare("DELETE holder FROM " + TABLE + " WHERE plex = ? IF holder = ? AND epoch = ?");
        this.fence = session.prepare("UPDATE " + TABLE + " SET releasing[?] = ? WHERE plex = ? IF holder = ? AND epoch = ?");
    }

    private static <T extends Statement<T>> T serial(T statement) {
        return statement.setConsistencyLevel(ConsistencyLevel.QUORUM).setSerialConsistencyLevel(ConsistencyLevel.SERIAL);
    }

    @Override
    public LeaseRecord read(String plex) {
        Row row = session.execute(select.bind(plex).setConsistencyLevel(ConsistencyLevel.SERIAL)).one();
        if (row == null) {
            return LeaseRecord.NEVER_HELD;
        }
        return new LeaseRecord(Optional.ofNullable(row.getString("holder")), row.isNull("epoch") ? 0 : row.getLong("epoch"));
    }

    @Override
    public boolean acquire(String plex, String node, long seenEpoch, Duration ttl) {
        if (seenEpoch == 0) {
            session.execute(serial(insertRow.bind(plex)));
        }
        BoundStatement condition = take.bind((int) ttl.toSeconds(), node, plex, seenEpoch);
        BoundStatement next = setEpoch.bind(seenEpoch + 1, plex);
        BatchStatement batch = serial(BatchStatement.newInstance(BatchType.LOGGED, condition, next));
        return session.execute(batch).wasApplied();
    }

    @Override
    public boolean renew(String plex, String node, long epoch, Duration ttl) {
        return session.execute(serial(renew.bind((int) ttl.toSeconds(), node, plex, node, epoch))).wasApplied();
    }

    @Override
    public void giveUp(String plex, String node, long epoch) {
        session.execute(serial(giveUp.bind(plex, node, epoch)));
    }

    @Override
    public boolean fence(String plex, String node, long epoch, String key, String operator) {
        int next = ring.next(plex);
        return session.execute(serial(fence.bind(next, key + SEPARATOR + operator, plex, node, epoch))).wasApplied();
    }

    @Override
    public Map<String, String> inFlight(String plex) {
        Row row = session.execute(selectReleasing.bind(plex).setConsistencyLevel(ConsistencyLevel.SERIAL)).one();
        if (row == null) {
            return Map.of();
        }
        return row.getMap("releasing", Integer.class, String.class).values().stream()
            .filter(value -> value.indexOf(SEPARATOR) > 0)
            .collect(Collectors.toMap(value -> value.substring(0, value.indexOf(SEPARATOR)),
                value -> value.substring(value.indexOf(SEPARATOR) + 1), (first, second) -> second));
    }

    @Override
    public void parked(String plex, String key) {
        session.execute(markParked.bind(key, plex).setConsistencyLevel(ConsistencyLevel.QUORUM));
    }

    @Override
    public Optional<String> lastParked(String plex) {
        Row row = session.execute(selectParked.bind(plex).setConsistencyLevel(ConsistencyLevel.QUORUM)).one();
        return Optional.ofNullable(row).map(found -> found.getString("last_key"));
    }

    @Override
    public void changed(String plex, String mark) {
        session.execute(markChanged.bind(mark, plex).setConsistencyLevel(ConsistencyLevel.QUORUM));
    }

    @Override
    public Optional<String> lastChanged(String plex) {
        Row row = session.execute(selectChanged.bind(plex).setConsistencyLevel(ConsistencyLevel.QUORUM)).one();
        return Optional.ofNullable(row).map(found -> found.getString("last_change"));
    }

    @Override
    public void ask(String plex, HolderRequest request) {
        session.execute(ask.bind(plex, request.id(), request.action(), request.key(), request.operator())
            .setConsistencyLevel(ConsistencyLevel.QUORUM));
    }

    @Override
    public List<HolderRequest> asked(String plex) {
        List<HolderRequest> asked = new ArrayList<>();
        for (Row row : session.execute(selectAsked.bind(plex).setConsistencyLevel(ConsistencyLevel.QUORUM))) {
            if (ASKED.equals(row.getString("state"))) {
                asked.add(new HolderRequest(row.getString("id"), row.getString("action"), row.getString("key"), row.getString("operator")));
            }
        }
        return asked;
    }

    @Override
    public boolean take(String plex, String id) {
        return session.execute(serial(takeRequest.bind(plex, id))).wasApplied();
    }

    @Override
    public void answer(String plex, String id, String answer) {
        session.execute(answerRequest.bind(answer, plex, id).setConsistencyLevel(ConsistencyLevel.QUORUM));
    }

    @Override
    public Optional<String> answerTo(String plex, String id) {
        Row row = session.execute(selectAnswer.bind(plex, id).setConsistencyLevel(ConsistencyLevel.QUORUM)).one();
        return Optional.ofNullable(row).map(found -> found.getString("answer"));
    }

    @Override
    public boolean cancel(String plex, String id) {
        return session.execute(serial(cancelRequest.bind(plex, id))).wasApplied();
    }
}
