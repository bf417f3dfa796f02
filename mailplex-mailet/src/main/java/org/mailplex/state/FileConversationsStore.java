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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.mailplex.core.Addresses;
import org.mailplex.core.Conversations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a plex's {@link Conversations} in {@code conversations.tsv} in the plex's folder, one
 * {@code message-id TAB operator} line per conversation, oldest first, written whole with
 * {@link AtomicFiles}. A file that is not UTF-8 is an error naming the file (every conversation
 * would be lost); a malformed line is skipped with a warning naming it.
 */
public final class FileConversationsStore implements ConversationsStore {
    static final String FILE_NAME = "conversations.tsv";
    private static final Logger LOGGER = LoggerFactory.getLogger(FileConversationsStore.class);

    private final Path file;

    public FileConversationsStore(PlexFolders folders, String plex) {
        this.file = folders.folder(plex).resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    @Override
    public String where() {
        return file.toString();
    }

    @Override
    public void load(Conversations conversations) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                .toString();
        } catch (CharacterCodingException e) {
            throw new IOException("MailPlex conversations file " + file + " is not UTF-8; fix or remove it", e);
        }
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0 || tab == line.length() - 1 || line.indexOf('\t', tab + 1) >= 0) {
                LOGGER.warn("MailPlex conversations file {} line {} is not 'message-id TAB operator'; skipped", file, index + 1);
                continue;
            }
            entries.add(Map.entry(line.substring(0, tab), Addresses.canonical(line.substring(tab + 1))));
        }
        conversations.restore(entries);
    }

    @Override
    public void save(Conversations conversations) throws IOException {
        String content = conversations.entries().stream()
            .filter(entry -> isSafe(entry.getKey()) && isSafe(entry.getValue()))
            .map(entry -> entry.getKey() + '\t' + entry.getValue() + '\n')
            .collect(Collectors.joining());
        AtomicFiles.write(file, content);
    }

    private static boolean isSafe(String value) {
        return value.chars().noneMatch(c -> c == '\t' || c == '\n' || c == '\r');
    }
}
