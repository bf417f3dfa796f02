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

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;

import org.mailplex.state.AwayBook;
import org.mailplex.state.AwayStore;
import org.mailplex.state.MessageLocation;
import org.mailplex.state.Notice;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

/**
 * Away operators in {@value #AWAY_TABLE} and their notices in {@value #NOTICES_TABLE}, one row each,
 * in one partition per table (a desk has few). A save writes only what differs from what this node
 * last loaded or saved: an admin's resume on one node and a notice the lease holder leaves on
 * another do not undo each other.
 */
public class CassandraAwayStore implements AwayStore {
    public static final String AWAY_TABLE = "mailplex_away";
    public static final String NOTICES_TABLE = "mailplex_notices";
    private static final String SCOPE = "away";

    private final CqlSession session;
    private final PreparedStatement selectAway;
    private final PreparedStatement selectNotices;
    private final PreparedStatement insertAway;
    private final PreparedStatement deleteAway;
    private final PreparedStatement insertNotice;
    private final PreparedStatement deleteNotice;
    private AwayBook known = AwayBook.empty();

    @Inject
    public CassandraAwayStore(CqlSession session) {
        this.session = session;
        Cql.createTable(session, "CREATE TABLE IF NOT EXISTS " + AWAY_TABLE + " (scope text, operator text, since timestamp,"
            + " PRIMARY KEY (scope, operator))");
        Cql.createTable(session, "CREATE TABLE IF NOT EXISTS " + NOTICES_TABLE + " (scope text, operator text, mailbox text, uid_validity bigint,"
            + " uid bigint, left_at timestamp, PRIMARY KEY (scope, operator, mailbox, uid_validity, uid))");
        this.selectAway = session.prepare("SELECT operator, since FROM " + AWAY_TABLE + " WHERE scope = ?");
        this.selectNotices = session.prepare("SELECT operator, mailbox, uid_validity, uid, left_at FROM " + NOTICES_TABLE
            + " WHERE scope = ?");
        this.insertAway = session.prepare("INSERT INTO " + AWAY_TABLE + " (scope, operator, since) VALUES (?, ?, ?)");
        this.deleteAway = session.prepare("DELETE FROM " + AWAY_TABLE + " WHERE scope = ? AND operator = ?");
        this.insertNotice = session.prepare("INSERT INTO " + NOTICES_TABLE + " (scope, operator, mailbox, uid_validity, uid, left_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)");
        this.deleteNotice = session.prepare("DELETE FROM " + NOTICES_TABLE
            + " WHERE scope = ? AND operator = ? AND mailbox = ? AND uid_validity = ? AND uid = ?");
    }

    @Override
    public synchronized AwayBook load() {
        Map<String, Instant> away = new HashMap<>();
        for (Row row : session.execute(quorum(selectAway.bind(SCOPE)))) {
            away.put(row.getString("operator"), row.getInstant("since"));
        }
        List<Notice> notices = new ArrayList<>();
        for (Row row : session.execute(quorum(selectNotices.bind(SCOPE)))) {
            notices.add(new Notice(row.getString("operator"), new MessageLocation(row.getString("mailbox"), row.getLong("uid_validity"),
                row.getLong("uid")), row.getInstant("left_at")));
        }
        notices.sort(Comparator.comparing(Notice::leftAt));
        known = new AwayBook(away, notices);
        return known;
    }

    @Override
    public synchronized void save(AwayBook book) {
        Set<String> operators = new HashSet<>(known.away().keySet());
        operators.addAll(book.away().keySet());
        for (String operator : operators) {
            if (!book.isAway(operator)) {
                session.execute(quorum(deleteAway.bind(SCOPE, operator)));
            } else if (!book.awaySince(operator).equals(known.awaySince(operator))) {
                session.execute(quorum(insertAway.bind(SCOPE, operator, book.awaySince(operator).get())));
            }
        }
        for (Notice notice : known.notices()) {
            if (!book.notices().contains(notice)) {
                MessageLocation location = notice.location();
                session.execute(quorum(deleteNotice.bind(SCOPE, notice.operator(), location.mailbox(), location.uidValidity(),
                    location.uid())));
            }
        }
        for (Notice notice : book.notices()) {
            if (!known.notices().contains(notice)) {
                MessageLocation location = notice.location();
                session.execute(quorum(insertNotice.bind(SCOPE, notice.operator(), location.mailbox(), location.uidValidity(),
                    location.uid(), notice.leftAt())));
            }
        }
        known = book;
    }

    @Override
    public String where() {
        return "Cassandra tables " + AWAY_TABLE + " and " + NOTICES_TABLE;
    }
}
