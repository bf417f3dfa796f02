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
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.core.OperatorCalendar;

class FileScheduleStoreTest extends ScheduleStoreContract {
    @TempDir
    Path root;

    private FileScheduleStore store;

    @BeforeEach
    void setUp() {
        store = new FileScheduleStore(new PlexFolders(root));
    }

    @Override
    protected ScheduleStore store() {
        return store;
    }

    @Test
    void aNewStoreOnTheSameFolderShouldFindTheCalendar() throws Exception {
        OperatorCalendar calendar = new OperatorCalendar(Optional.of(OFFICE), List.of(HOLIDAY));
        store.save(ALICE, calendar);

        assertThat(new FileScheduleStore(new PlexFolders(root)).load(ALICE)).isEqualTo(calendar);
    }

    @Test
    void aCorruptShiftShouldBeRefusedWithTheFile() throws Exception {
        store.save(ALICE, new OperatorCalendar(Optional.of(OFFICE), List.of()));
        Path file = store.file(ALICE);
        Files.writeString(file, Files.readString(file).replace("08:00-12:00", "25:00-26:00"), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> store.load(ALICE))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(file.toString())
            .hasMessageContaining("25:00");
    }

    @Test
    void aCorruptAbsenceShouldBeRefusedWithTheFileAndLine() throws Exception {
        store.save(ALICE, new OperatorCalendar(Optional.empty(), List.of(HOLIDAY)));
        Path file = store.file(ALICE);
        Files.writeString(file, Files.readString(file).replace("2026-12-23T23:00:00Z", "yesterday"), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> store.load(ALICE))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(file.toString())
            .hasMessageContaining("line 2");
    }
}
