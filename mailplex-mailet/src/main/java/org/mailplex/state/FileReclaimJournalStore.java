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
import static org.mailplex.state.Records.isWholeNumber;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reclaims of one plex under way, on disk (one node's {@link ReclaimJournalStore}), so that a crash between putting a mail back into
 * the queue and removing it from the operator's mailbox is finished at the next start: the mail
 * is then in one place only, never two, never none.
 *
 * <p>{@link #begin} is forced to disk before the mail is put back, {@link #end} once it is out of
 * the mailbox and the operator is away (or the reclaim was called off). Lines:
 * {@code begin TAB key TAB operator TAB mailbox TAB uid-validity TAB uid} and {@code end TAB key}
 * in {@value #FILE_NAME} in the plex's folder; the file is emptied whenever nothing is open.</p>
 */
public final class FileReclaimJournalStore implements ReclaimJournalStore {
    static final String FILE_NAME = "reclaims.journal";

    private final Path file;
    private final Map<String, Open> open = new LinkedHashMap<>();

    public FileReclaimJournalStore(PlexFolders folders, String plex) {
        this.file = folders.folder(plex).resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    @Override
    public String where() {
        return file.toString();
    }

    /** The reclaims the last run began and did not end; lines cut short by a crash recorded nothing. */
    @Override
    public synchronized List<Open> recover() throws IOException {
        open.clear();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t", -1);
                if (fields.length == 6 && fields[0].equals("begin") && isWholeNumber(fields[4]) && isWholeNumber(fields[5])) {
                    open.put(fields[1], new Open(fields[1], decode(fields[2]), new MessageLocation(decode(fields[3]),
                        Long.parseLong(fields[4]), Long.parseLong(fields[5]))));
                } else if (fields.length == 2 && fields[0].equals("end")) {
                    open.remove(fields[1]);
                }
            }
        }
        return List.copyOf(open.values());
    }

    /** Forced to disk before it returns: the mail may be put back. */
    @Override
    public synchronized void begin(Open reclaim) throws IOException {
        open.put(reclaim.key(), reclaim);
        write();
    }

    /** Forced to disk before it returns: the reclaim is over, one way or the other. */
    @Override
    public synchronized void end(String key) throws IOException {
        open.remove(key);
        write();
    }

    /** Reclaims are rare: the whole file is rewritten atomically at each step. */
    private void write() throws IOException {
        StringBuilder content = new StringBuilder();
        open.values().forEach(reclaim -> content.append("begin\t").append(reclaim.key()).append('\t').append(encode(reclaim.operator()))
            .append('\t').append(encode(reclaim.location().mailbox())).append('\t').append(reclaim.location().uidValidity())
            .append('\t').append(reclaim.location().uid()).append('\n'));
        AtomicFiles.write(file, content.toString());
    }
}
