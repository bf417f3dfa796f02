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
import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.core.Conversations;

class FileConversationsStoreTest extends ConversationsStoreContract {
    private static final String PLEX = "help@911.gov";

    @TempDir
    java.nio.file.Path root;

    private FileConversationsStore file;

    @Override
    protected ConversationsStore store() {
        return file;
    }

    @BeforeEach
    void setUp() {
        file = new FileConversationsStore(new PlexFolders(root), PLEX);
    }

    @Test
    void saveThenLoadShouldGiveTheSameConversations() throws Exception {
        Conversations memory = new Conversations(10);
        memory.remember("<m1@x>", "alice@911.gov");
        memory.remember("<m2@x>", "bob@911.gov");

        file.save(memory);
        Conversations loaded = new Conversations(10);
        file.load(loaded);

        assertThat(loaded.entries()).containsExactly(Map.entry("m1@x", "alice@911.gov"), Map.entry("m2@x", "bob@911.gov"));
        assertThat(file.path()).isEqualTo(root.resolve(PLEX).resolve(FileConversationsStore.FILE_NAME));
        assertThat(Files.exists(root.resolve(PLEX).resolve(FileConversationsStore.FILE_NAME + ".tmp"))).isFalse();
    }

    @Test
    void loadShouldSkipMalformedLines() throws Exception {
        Files.createDirectories(file.path().getParent());
        Files.writeString(file.path(), "m1@x\talice@911.gov\nno tab here\n\tbob@911.gov\nm2@x\t\n");
        Conversations memory = new Conversations(10);
        file.load(memory);
        assertThat(memory.entries()).containsExactly(Map.entry("m1@x", "alice@911.gov"));
    }

    @Test
    void loadShouldFailNamingTheFileWhenItIsNotUtf8() throws Exception {
        Files.createDirectories(file.path().getParent());
        Files.write(file.path(), new byte[] {'m', '1', '@', 'x', '\t', 'a', (byte) 0xC3, (byte) 0x28, '\n'});

        assertThatThrownBy(() -> file.load(new Conversations(10)))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(file.path().toString());
    }
}
