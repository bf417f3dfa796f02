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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.core.MailboxSpec;
import org.mailplex.core.RosterEntry;

class FileRosterStoreTest extends RosterStoreContract {
    @TempDir
    Path root;

    private FileRosterStore store;

    @BeforeEach
    void setUp() {
        store = new FileRosterStore(new PlexFolders(root));
    }

    @Override
    protected RosterStore store() {
        return store;
    }

    @Test
    void aNewStoreOnTheSameFolderShouldFindTheRoster() throws Exception {
        store.save(PLEX, List.of(BOB, ALICE));

        assertThat(new FileRosterStore(new PlexFolders(root)).load(PLEX)).contains(List.of(BOB, ALICE));
        assertThat(root.resolve(PLEX).resolve(FileRosterStore.FILE_NAME)).exists();
    }

    @Test
    void aCorruptLineShouldBeRefusedWithTheFileAndLine() throws Exception {
        store.save(PLEX, List.of(ALICE, BOB));
        Path file = store.file(PLEX);
        Files.writeString(file, Files.readString(file).replace("\t3\t", "\tthree\t"), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> store.load(PLEX))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(file.toString())
            .hasMessageContaining("line 3");
    }

    @Test
    void aFileWithoutItsVersionLineShouldBeRefused() throws Exception {
        Path file = store.file(PLEX);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> store.load(PLEX)).isInstanceOf(IOException.class).hasMessageContaining(file.toString());
    }

    @Test
    void aMailboxElsewhereShouldBeKeptWithItsPasswordInAFileOnlyItsOwnerReads() throws Exception {
        RosterEntry dave = new RosterEntry("dave@partner.org", 1, Optional.empty(), Optional.of(new MailboxSpec("imap",
            Map.of("url", "imaps://imap.partner.org/INBOX", "login", "dave", "password", "s3cret&=?%é", "deliver", "smtp"))));

        store.save(PLEX, List.of(ALICE, dave));

        assertThat(new FileRosterStore(new PlexFolders(root)).load(PLEX)).contains(List.of(ALICE, dave));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file(PLEX)))).isEqualTo("rw-------");
    }

    @Test
    void aRosterFileOfFourFieldsAsEarlierVersionsWroteItShouldStillBeRead() throws Exception {
        Path file = store.file(PLEX);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "mailplex-roster\t1\noperator\talice%40911.gov\t2\toff\noperator\tbob%40911.gov\t1\t60000\n",
            StandardCharsets.UTF_8);

        assertThat(store.load(PLEX)).contains(List.of(new RosterEntry("alice@911.gov", 2, Optional.empty()),
            new RosterEntry("bob@911.gov", 1, Optional.of(Duration.ofMinutes(1)))));
    }
}
