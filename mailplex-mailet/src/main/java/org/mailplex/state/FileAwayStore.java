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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mailplex.core.Addresses;

/**
 * Keeps the {@link AwayBook} in {@value #FILE_NAME} under the state root (beside the plexes'
 * folders), written whole with {@link AtomicFiles}: an operator away stays away across restarts.
 *
 * <p>Format: a version line, then tab-separated records, names URL-encoded:
 * {@code away <operator> <since-epoch-millis>} and
 * {@code notice <operator> <mailbox> <uid-validity> <uid> <left-at-epoch-millis>}. A known record
 * that cannot be read is an error naming the file and the line; unknown records are skipped.</p>
 */
public final class FileAwayStore implements AwayStore {
    static final String FILE_NAME = "away.tsv";
    private static final String VERSION = "mailplex-away\t1";

    private final Path file;

    public FileAwayStore(PlexFolders folders) {
        this.file = folders.root().resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    @Override
    public String where() {
        return file.toString();
    }

    @Override
    public synchronized AwayBook load() throws IOException {
        if (!Files.exists(file)) {
            return AwayBook.empty();
        }
        Map<String, Instant> away = new HashMap<>();
        List<Notice> notices = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int index = 0; index < lines.size(); index++) {
            String[] fields = lines.get(index).split("\t", -1);
            try {
                if (fields[0].equals("away")) {
                    ofLength(fields, 3);
                    // an older file may spell one operator in two letter cases: one operator, away since the earlier
                    away.merge(Addresses.canonical(decode(fields[1])), Instant.ofEpochMilli(Long.parseLong(fields[2])),
                        (one, other) -> one.isBefore(other) ? one : other);
                } else if (fields[0].equals("notice")) {
                    ofLength(fields, 6);
                    notices.add(new Notice(Addresses.canonical(decode(fields[1])), new MessageLocation(decode(fields[2]), Long.parseLong(fields[3]),
                        Long.parseLong(fields[4])), Instant.ofEpochMilli(Long.parseLong(fields[5]))));
                }
            } catch (IllegalArgumentException e) {
                throw new IOException("MailPlex away file " + file + " line " + (index + 1) + " cannot be read (" + e.getMessage()
                    + "); fix or remove the line", e);
            }
        }
        return new AwayBook(away, notices);
    }

    @Override
    public synchronized void save(AwayBook book) throws IOException {
        StringBuilder content = new StringBuilder(VERSION).append('\n');
        book.away().forEach((operator, since) -> content.append("away\t").append(encode(operator)).append('\t')
            .append(since.toEpochMilli()).append('\n'));
        book.notices().forEach(notice -> content.append("notice\t").append(encode(notice.operator())).append('\t')
            .append(encode(notice.location().mailbox())).append('\t').append(notice.location().uidValidity()).append('\t')
            .append(notice.location().uid()).append('\t')
            .append(notice.leftAt().toEpochMilli()).append('\n'));
        AtomicFiles.write(file, content.toString());
    }
}
