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

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.core.Release;

class FileReleaseJournalStoreTest extends ReleaseJournalStoreContract {
    @TempDir
    Path root;

    @Override
    protected ReleaseJournalStore open(String plex, int historySize) {
        return new FileReleaseJournalStore(new PlexFolders(root), plex, historySize);
    }

    private Path path() {
        return ((FileReleaseJournalStore) journal).path();
    }

    @Test
    void aLineCutShortByACrashShouldBeIgnored() throws Exception {
        journal.begin("k1", "alice");
        journal.close();
        Files.writeString(path(), "delivered\tk1\tali", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        ReleaseJournalStore.Recovery recovery = restart();

        assertThat(recovery.begun()).isEqualTo(Map.of("k1", "alice"));
        assertThat(recovery.deliveredNotEnded()).isEmpty();
    }

    @Test
    void aMessageIdShouldNeverBreakAJournalLine() throws Exception {
        journal.begin("k1", "alice");
        journal.delivered(new Release("k1", "alice", Optional.of("<evil\tid\r\nend\tk9>"), AT));
        journal.end("k1");

        ReleaseJournalStore.Recovery recovery = restart();

        assertThat(recovery.history()).hasSize(1);
        assertThat(recovery.history().get(0).messageId()).contains("<evil?id??end?k9>");
    }
}
