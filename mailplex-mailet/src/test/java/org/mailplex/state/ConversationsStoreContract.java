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

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mailplex.core.Conversations;

/** What every {@link ConversationsStore} must do; each implementation's test extends this. */
public abstract class ConversationsStoreContract {
    protected abstract ConversationsStore store();

    @Test
    void saveThenLoadShouldGiveTheSameConversationsOldestFirst() throws Exception {
        Conversations memory = new Conversations(10);
        memory.remember("<m1@x>", "alice@911.gov");
        memory.remember("<m2@x>", "bob@911.gov");

        store().save(memory);
        Conversations loaded = new Conversations(10);
        store().load(loaded);

        assertThat(loaded.entries()).containsExactly(Map.entry("m1@x", "alice@911.gov"), Map.entry("m2@x", "bob@911.gov"));
    }

    @Test
    void loadShouldAddNothingWhenNothingWasSaved() throws Exception {
        Conversations memory = new Conversations(10);

        store().load(memory);

        assertThat(memory.entries()).isEmpty();
    }

    @Test
    void aSaveShouldReplaceWhatWasKeptWhole() throws Exception {
        Conversations first = new Conversations(10);
        first.remember("<old@x>", "alice@911.gov");
        store().save(first);
        Conversations second = new Conversations(10);
        second.remember("<new@x>", "bob@911.gov");

        store().save(second);
        Conversations loaded = new Conversations(10);
        store().load(loaded);

        assertThat(loaded.entries()).containsExactly(Map.entry("new@x", "bob@911.gov"));
    }
}
