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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.mailplex.core.Addresses;

/**
 * Keeps each plex's state in {@code state.tsv} in the plex's folder (see {@link PlexFolders}),
 * beside its conversations. Written whole with {@link AtomicFiles}.
 *
 * <p>Format: a version line, then one tab-separated record per line, every value URL-encoded:
 * {@code paused <operator>}, {@code dispatched <operator> <count>},
 * {@code waits <operator> <millis,millis,...>}, {@code reclaimed <operator> <count>}. Records of unknown kinds are skipped (a later
 * version may write more); a known record that cannot be read is an error naming the file and the
 * line: a plex must not start with its pauses silently forgotten.</p>
 */
public class FilePlexStateStore implements PlexStateStore {
    static final String FILE_NAME = "state.tsv";
    private static final String VERSION = "mailplex-state\t1";

    private final PlexFolders folders;

    public FilePlexStateStore(PlexFolders folders) {
        this.folders = folders;
    }

    /** The file holding {@code plex}'s state. */
    public Path file(String plex) {
        return folders.folder(plex).resolve(FILE_NAME);
    }

    @Override
    public synchronized PlexState load(String plex) throws IOException {
        Path file = file(plex);
        if (!Files.exists(file)) {
            return PlexState.empty();
        }
        Set<String> paused = new HashSet<>();
        Map<String, Long> dispatched = new HashMap<>();
        Map<String, List<Long>> waits = new HashMap<>();
        Map<String, Long> reclaimed = new HashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index);
            String[] fields = line.split("\t", -1);
            try {
                if (fields[0].equals("paused")) {
                    paused.add(operator(ofLength(fields, 2)[1]));
                } else if (fields[0].equals("dispatched")) {
                    dispatched.merge(operator(ofLength(fields, 3)[1]), Long.parseLong(fields[2]), Long::sum);
                } else if (fields[0].equals("waits")) {
                    waits.merge(operator(ofLength(fields, 3)[1]), parseWaits(fields[2]), FilePlexStateStore::both);
                } else if (fields[0].equals("reclaimed")) {
                    reclaimed.merge(operator(ofLength(fields, 3)[1]), Long.parseLong(fields[2]), Long::sum);
                }
            } catch (IllegalArgumentException e) {
                throw new IOException("MailPlex state file " + file + " line " + (index + 1) + " cannot be read ("
                    + e.getMessage() + "); fix or remove the line", e);
            }
        }
        return new PlexState(paused, dispatched, waits, reclaimed);
    }

    /** An operator as an older file may spell it: in its canonical form, two spellings adding up. */
    private static String operator(String field) {
        return Addresses.canonical(decode(field));
    }

    private static List<Long> both(List<Long> one, List<Long> other) {
        List<Long> all = new ArrayList<>(one);
        all.addAll(other);
        return all;
    }

    private static List<Long> parseWaits(String field) {
        if (field.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(field.split(",")).map(Long::parseLong).collect(Collectors.toList());
    }

    @Override
    public synchronized void save(String plex, PlexState state) throws IOException {
        StringBuilder content = new StringBuilder(VERSION).append('\n');
        state.paused().forEach(operator -> content.append("paused\t").append(encode(operator)).append('\n'));
        state.dispatched().forEach((operator, count) ->
            content.append("dispatched\t").append(encode(operator)).append('\t').append(count).append('\n'));
        state.recentWaitsMillis().forEach((operator, waits) -> content.append("waits\t").append(encode(operator)).append('\t')
            .append(waits.stream().map(String::valueOf).collect(Collectors.joining(","))).append('\n'));
        state.reclaimed().forEach((operator, count) ->
            content.append("reclaimed\t").append(encode(operator)).append('\t').append(count).append('\n'));
        AtomicFiles.write(file(plex), content.toString());
    }
}
