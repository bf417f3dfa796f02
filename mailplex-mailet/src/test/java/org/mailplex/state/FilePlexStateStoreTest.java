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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePlexStateStoreTest extends PlexStateStoreContract {
    @TempDir
    Path root;

    private FilePlexStateStore store;

    @BeforeEach
    void setUp() {
        store = new FilePlexStateStore(new PlexFolders(root));
    }

    @Override
    protected PlexStateStore store() {
        return store;
    }

    @Test
    void aNewStoreOnTheSameFolderShouldFindTheState() throws Exception {
        store.save(PLEX, PlexState.empty().withPaused(ALICE, true).withDispatch(BOB, 42));

        PlexState afterRestart = new FilePlexStateStore(new PlexFolders(root)).load(PLEX);

        assertThat(afterRestart.paused()).containsExactly(ALICE);
        assertThat(afterRestart.recentWaitsMillis(BOB)).containsExactly(42L);
    }

    @Test
    void stateShouldLiveNextToTheConversationsOfThePlex() throws Exception {
        store.save(PLEX, PlexState.empty().withPaused(ALICE, true));

        assertThat(root.resolve(PLEX).resolve(FilePlexStateStore.FILE_NAME)).exists();
    }

    @Test
    void saveShouldLeaveNoTemporaryFile() throws Exception {
        store.save(PLEX, PlexState.empty().withPaused(ALICE, true));
        store.save(PLEX, PlexState.empty().withPaused(BOB, true));

        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(root.resolve(PLEX).resolve(FilePlexStateStore.FILE_NAME));
        }
    }

    @Test
    void aPlexNameShouldNeverEscapeTheRoot() throws Exception {
        store.save("../../etc@x", PlexState.empty().withPaused(ALICE, true));

        assertThat(store.file("../../etc@x").normalize()).startsWith(root);
        assertThat(store.load("../../etc@x").paused()).containsExactly(ALICE);
    }

    @Test
    void aStaleTemporaryFileShouldNotMatter() throws Exception {
        Files.createDirectories(root.resolve(PLEX));
        Files.writeString(root.resolve(PLEX).resolve(FilePlexStateStore.FILE_NAME + ".tmp"), "half a fi");

        store.save(PLEX, PlexState.empty().withPaused(ALICE, true));

        assertThat(store.load(PLEX).paused()).containsExactly(ALICE);
    }

    @Test
    void unknownRecordsShouldBeSkipped() throws Exception {
        Files.createDirectories(root.resolve(PLEX));
        Files.writeString(root.resolve(PLEX).resolve(FilePlexStateStore.FILE_NAME),
            "mailplex-state\t1\nsticky\tsomething\nbogus\npaused\talice%40mailplex.local\n", StandardCharsets.UTF_8);

        assertThat(store.load(PLEX).paused()).containsExactly(ALICE);
    }

    @Test
    void aTruncatedPauseShouldFailLoudlyRatherThanForgetThePause() throws Exception {
        Files.createDirectories(root.resolve(PLEX));
        Files.writeString(root.resolve(PLEX).resolve(FilePlexStateStore.FILE_NAME),
            "mailplex-state\t1\npaused\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> store.load(PLEX))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(store.file(PLEX).toString())
            .hasMessageContaining("line 2");
    }

    @Test
    void aMalformedCounterShouldFailLoudly() throws Exception {
        Files.createDirectories(root.resolve(PLEX));
        Files.writeString(root.resolve(PLEX).resolve(FilePlexStateStore.FILE_NAME),
            "mailplex-state\t1\ndispatched\talice%40mailplex.local\tmany\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> store.load(PLEX))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(store.file(PLEX).toString())
            .hasMessageContaining("line 2");
    }
}
