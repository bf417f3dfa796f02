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

package org.mailplex.state;

import static org.mailplex.state.Records.decode;
import static org.mailplex.state.Records.encode;
import static org.mailplex.state.Records.ofLength;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mailplex.core.Absence;
import org.mailplex.core.OperatorCalendar;
import org.mailplex.core.Schedule;

/**
 * {@link ScheduleStore} in {@code var/mailplex/operators/<operator>/calendar.tsv}, one file per
 * person written whole ({@link AtomicFiles}): a version line, then {@code zone} and one
 * {@code shift} line per shift when she has a schedule, and one {@code absence} line per absence.
 * A file that cannot be read is refused with its name and line.
 */
public class FileScheduleStore implements ScheduleStore {
    static final String FOLDER = "operators";
    static final String FILE_NAME = "calendar.tsv";
    private static final String VERSION = "mailplex-calendar\t1";

    private final PlexFolders folders;

    public FileScheduleStore(PlexFolders root) {
        this.folders = new PlexFolders(root.root().resolve(FOLDER));
    }

    public Path file(String operator) {
        return folders.folder(operator).resolve(FILE_NAME);
    }

    @Override
    public synchronized OperatorCalendar load(String operator) throws IOException {
        Path file = file(operator);
        if (!Files.exists(file)) {
            return OperatorCalendar.ALWAYS;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(VERSION)) {
            throw new IOException("MailPlex calendar file " + file + " does not start with '" + VERSION.replace('\t', ' ')
                + "'; fix or remove it");
        }
        Optional<String> zone = Optional.empty();
        Map<String, List<String>> week = new LinkedHashMap<>();
        List<Absence> absences = new ArrayList<>();
        for (int index = 1; index < lines.size(); index++) {
            String[] fields = lines.get(index).split("\t", -1);
            try {
                switch (fields[0]) {
                    case "zone":
                        zone = Optional.of(decode(ofLength(fields, 2)[1]));
                        break;
                    case "shift":
                        week.computeIfAbsent(ofLength(fields, 3)[1], day -> new ArrayList<>()).add(fields[2]);
                        break;
                    case "absence":
                        absences.add(new Absence(decode(ofLength(fields, 4)[1]), Instant.parse(fields[2]), Instant.parse(fields[3])));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown record '" + fields[0] + "'");
                }
            } catch (IllegalArgumentException | DateTimeException e) {
                throw new IOException("MailPlex calendar file " + file + " line " + (index + 1) + " cannot be read (" + e.getMessage()
                    + "); fix or remove the line", e);
            }
        }
        if (zone.isEmpty() && !week.isEmpty()) {
            throw new IOException("MailPlex calendar file " + file + " has shifts but no zone; fix or remove it");
        }
        try {
            Optional<Schedule> schedule = zone.isPresent() ? Optional.of(Schedule.parse(zone.get(), week)) : Optional.empty();
            return new OperatorCalendar(schedule, absences);
        } catch (IllegalArgumentException e) {
            throw new IOException("MailPlex calendar file " + file + " holds a schedule that cannot be read (" + e.getMessage()
                + "); fix or remove it", e);
        }
    }

    @Override
    public synchronized void save(String operator, OperatorCalendar calendar) throws IOException {
        if (calendar.isEmpty()) {
            Files.deleteIfExists(file(operator));
            return;
        }
        StringBuilder content = new StringBuilder(VERSION).append('\n');
        calendar.schedule().ifPresent(schedule -> {
            content.append("zone\t").append(encode(schedule.zone().getId())).append('\n');
            schedule.week().forEach((day, shifts) -> shifts.forEach(shift ->
                content.append("shift\t").append(day.name()).append('\t').append(shift).append('\n')));
        });
        calendar.absences().forEach(absence -> content.append("absence\t").append(encode(absence.id())).append('\t')
            .append(absence.from()).append('\t').append(absence.until()).append('\n'));
        AtomicFiles.write(file(operator), content.toString());
    }
}
