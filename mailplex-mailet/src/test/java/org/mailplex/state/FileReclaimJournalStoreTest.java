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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReclaimJournalStoreTest extends ReclaimJournalStoreContract {
    @TempDir
    Path root;

    @Override
    protected ReclaimJournalStore open(String plex) {
        return new FileReclaimJournalStore(new PlexFolders(root), plex);
    }

    @Test
    void anEndedReclaimShouldLeaveAnEmptyFile() throws Exception {
        FileReclaimJournalStore journal = (FileReclaimJournalStore) open(PLEX);
        journal.begin(new ReclaimJournalStore.Open("k1", "alice@911.gov", new MessageLocation("INBOX", 1L, 2L)));
        journal.end("k1");

        assertThat(Files.readString(journal.path())).isEmpty();
    }

    @Test
    void aLineCutShortByACrashShouldRecordNothing() throws Exception {
        FileReclaimJournalStore journal = (FileReclaimJournalStore) open(PLEX);
        journal.begin(new ReclaimJournalStore.Open("k1", "alice@911.gov", new MessageLocation("INBOX", 1L, 2L)));
        Files.writeString(journal.path(), "begin\tk2\tbob%40911.gov\tINB", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(open(PLEX).recover()).extracting(ReclaimJournalStore.Open::key).containsExactly("k1");
    }
}
