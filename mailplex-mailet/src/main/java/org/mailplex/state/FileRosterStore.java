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
import static org.mailplex.state.Records.ofLength;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mailplex.core.Addresses;
import org.mailplex.core.MailboxSpec;
import org.mailplex.core.RosterEntry;

/**
 * {@link RosterStore} in {@code var/mailplex/<plex>/roster.tsv}, written whole ({@link AtomicFiles}):
 * a version line, then one {@code operator} line per operator in roster order with her capacity
 * and reclaimAfter in milliseconds ({@code off}: never), and, for an operator whose mailbox is
 * elsewhere, a fifth field {@code kind?name=value&...} (a file of four-field lines, as earlier
 * versions wrote it, reads as before). Written mode 0600: it may hold a mailbox password. A file that cannot be read is refused
 * with its name and line: nothing is guessed.
 */
public class FileRosterStore implements RosterStore {
    static final String FILE_NAME = "roster.tsv";
    private static final String VERSION = "mailplex-roster\t1";
    private static final String OFF = "off";

    private final PlexFolders folders;

    public FileRosterStore(PlexFolders folders) {
        this.folders = folders;
    }

    public Path file(String plex) {
        return folders.folder(plex).resolve(FILE_NAME);
    }

    @Override
    public synchronized Optional<List<RosterEntry>> load(String plex) throws IOException {
        Path file = file(plex);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(VERSION)) {
            throw new IOException("MailPlex roster file " + file + " does not start with '" + VERSION.replace('\t', ' ')
                + "'; fix or remove it (removing it brings back the configuration's roster)");
        }
        List<RosterEntry> roster = new ArrayList<>();
        for (int index = 1; index < lines.size(); index++) {
            String[] fields = lines.get(index).split("\t", -1);
            try {
                if (!fields[0].equals("operator")) {
                    throw new IllegalArgumentException("unknown record '" + fields[0] + "'");
                }
                if (fields.length != 5) {
                    ofLength(fields, 4);
                }
                if (!isWholeNumber(fields[2]) || (!fields[3].equals(OFF) && !isWholeNumber(fields[3]))) {
                    throw new IllegalArgumentException("capacity and reclaimAfter must be whole numbers");
                }
                String operator = Addresses.canonical(decode(fields[1]));
                if (roster.stream().anyMatch(entry -> entry.operator().equals(operator))) {
                    continue;
                }
                roster.add(new RosterEntry(operator, Integer.parseInt(fields[2]),
                    fields[3].equals(OFF) ? Optional.empty() : Optional.of(Duration.ofMillis(Long.parseLong(fields[3]))),
                    fields.length == 5 ? mailbox(fields[4]) : Optional.empty()));
            } catch (IllegalArgumentException e) {
                throw new IOException("MailPlex roster file " + file + " line " + (index + 1) + " cannot be read (" + e.getMessage()
                    + "); fix or remove the line", e);
            }
        }
        if (roster.isEmpty()) {
            throw new IOException("MailPlex roster file " + file + " lists no operator; fix or remove it");
        }
        return Optional.of(List.copyOf(roster));
    }

    @Override
    public synchronized void save(String plex, List<RosterEntry> roster) throws IOException {
        StringBuilder content = new StringBuilder(VERSION).append('\n');
        for (RosterEntry entry : roster) {
            content.append("operator\t").append(encode(entry.operator())).append('\t').append(entry.capacity()).append('\t')
                .append(entry.reclaimAfter().map(after -> String.valueOf(after.toMillis())).orElse(OFF));
            entry.mailbox().ifPresent(spec -> content.append('\t').append(mailbox(spec)));
            content.append('\n');
        }
        // it may hold the password of a mailbox elsewhere: only James may read it
        AtomicFiles.writePrivate(file(plex), content.toString());
    }

    /** {@code kind?name=value&name=value}, each part URL-encoded. */
    private static String mailbox(MailboxSpec spec) {
        StringBuilder field = new StringBuilder(encode(spec.kind()));
        String separator = "?";
        for (Map.Entry<String, String> parameter : spec.parameters().entrySet()) {
            field.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
            separator = "&";
        }
        return field.toString();
    }

    private static Optional<MailboxSpec> mailbox(String field) {
        if (field.isEmpty()) {
            return Optional.empty();
        }
        int query = field.indexOf('?');
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query >= 0) {
            for (String pair : field.substring(query + 1).split("&")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("mailbox parameter '" + pair + "' is not name=value");
                }
                parameters.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
            }
        }
        return Optional.of(new MailboxSpec(decode(query >= 0 ? field.substring(0, query) : field), parameters));
    }

    @Override
    public synchronized void delete(String plex) throws IOException {
        Files.deleteIfExists(file(plex));
    }
}
