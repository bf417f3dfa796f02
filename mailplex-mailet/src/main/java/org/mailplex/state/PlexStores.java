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

/**
 * Opens the stores a plex keeps for itself: its release journal (with its history), its reclaim
 * journal and its conversations. One node opens files under James's {@code var/mailplex/}
 * ({@link FilePlexStores}); several nodes open them in Cassandra, where every node sees the same.
 */
public interface PlexStores {
    /** The release journal of {@code plex}, keeping the last {@code historySize} deliveries. */
    ReleaseJournalStore releaseJournal(String plex, int historySize);

    ReclaimJournalStore reclaimJournal(String plex);

    ConversationsStore conversations(String plex);
}
