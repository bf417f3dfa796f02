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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.mailplex.core.Absence;
import org.mailplex.core.OperatorCalendar;
import org.mailplex.core.Schedule;
import org.mailplex.state.ScheduleStore;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;

/** Each person's shifts and planned absences, in {@value #TABLE}: one row per person, written whole; none when always on. */
public class CassandraScheduleStore implements ScheduleStore {
    public static final String TABLE = "mailplex_calendar";

    private static final GenericType<Map<String, List<String>>> WEEK = GenericType.mapOf(GenericType.STRING,
        GenericType.listOf(GenericType.STRING));

    private final CqlSession session;
    private final PreparedStatement select;
    private final PreparedStatement insert;
    private final PreparedStatement delete;

    @Inject
    public CassandraScheduleStore(CqlSession session) {
        this.session = session;
        Cql.createTable(session, "CREATE TABLE IF NOT EXISTS " + TABLE + " (operator text PRIMARY KEY, zone text,"
            + " week frozen<map<text, frozen<list<text>>>>, absence_ids frozen<list<text>>, absence_from frozen<list<timestamp>>,"
            + " absence_until frozen<list<timestamp>>)");
        this.select = session.prepare("SELECT zone, week, absence_ids, absence_from, absence_until FROM " + TABLE + " WHERE operator = ?");
        this.insert = session.prepare("INSERT INTO " + TABLE + " (operator, zone, week, absence_ids, absence_from, absence_until)"
            + " VALUES (?, ?, ?, ?, ?, ?)");
        this.delete = session.prepare("DELETE FROM " + TABLE + " WHERE operator = ?");
    }

    @Override
    public OperatorCalendar load(String operator) throws IOException {
        Row row = session.execute(quorum(select.bind(operator))).one();
        if (row == null) {
            return OperatorCalendar.ALWAYS;
        }
        List<String> ids = row.getList("absence_ids", String.class);
        List<Instant> from = row.getList("absence_from", Instant.class);
        List<Instant> until = row.getList("absence_until", Instant.class);
        try {
            if (ids.size() != from.size() || ids.size() != until.size()) {
                throw new IllegalArgumentException("its absences are incomplete");
            }
            List<Absence> absences = new ArrayList<>();
            for (int index = 0; index < ids.size(); index++) {
                absences.add(new Absence(ids.get(index), from.get(index), until.get(index)));
            }
            Optional<Schedule> schedule = row.isNull("zone") ? Optional.empty()
                : Optional.of(Schedule.parse(row.getString("zone"), Optional.ofNullable(row.get("week", WEEK)).orElse(Map.of())));
            return new OperatorCalendar(schedule, absences);
        } catch (IllegalArgumentException e) {
            throw new IOException("MailPlex calendar of " + operator + " in Cassandra table " + TABLE + " cannot be read ("
                + e.getMessage() + "); fix or remove its row", e);
        }
    }

    @Override
    public void save(String operator, OperatorCalendar calendar) {
        if (calendar.isEmpty()) {
            session.execute(quorum(delete.bind(operator)));
            return;
        }
        String zone = calendar.schedule().map(schedule -> schedule.zone().getId()).orElse(null);
        Map<String, List<String>> week = new LinkedHashMap<>();
        calendar.schedule().ifPresent(schedule -> schedule.week().forEach((day, shifts) -> week.put(day.name(), List.copyOf(shifts))));
        List<String> ids = new ArrayList<>();
        List<Instant> from = new ArrayList<>();
        List<Instant> until = new ArrayList<>();
        for (Absence absence : calendar.absences()) {
            ids.add(absence.id());
            from.add(absence.from());
            until.add(absence.until());
        }
        session.execute(quorum(insert.bind(operator, zone, week, ids, from, until)));
    }
}
