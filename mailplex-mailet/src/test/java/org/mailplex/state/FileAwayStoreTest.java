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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAwayStoreTest extends AwayStoreContract {

    @TempDir
    Path root;

    @Override
    protected AwayStore store() {
        return new FileAwayStore(new PlexFolders(root));
    }

    @Test
    void backShouldKeepTheNoticesAndAwayShouldKeepItsFirstInstant() {
        Notice notice = new Notice(ALICE, new MessageLocation("INBOX", 1L, 2L), AT);
        AwayBook book = AwayBook.empty().withAway(ALICE, AT).withAway(ALICE, AT.plusSeconds(60)).withNotice(notice);

        assertThat(book.awaySince(ALICE)).contains(AT);
        assertThat(book.withBack(ALICE).isAway(ALICE)).isFalse();
        assertThat(book.withBack(ALICE).notices(ALICE)).containsExactly(notice);
        assertThat(book.withoutNotice(notice).notices(ALICE)).isEmpty();
    }

    @Test
    void aLineThatCannotBeReadShouldNameTheFileAndTheLine() throws Exception {
        FileAwayStore file = new FileAwayStore(new PlexFolders(root));
        Files.writeString(file.path(), "mailplex-away\t1\naway\talice%40911.gov\tyesterday\n", StandardCharsets.UTF_8);

        assertThatThrownBy(file::load)
            .isInstanceOf(IOException.class)
            .hasMessageContaining(file.path().toString())
            .hasMessageContaining("line 2");
    }
}
