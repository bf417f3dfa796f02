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

/** A plex's own stores in files, one folder per plex under {@code var/mailplex/}: what one node uses. */
public final class FilePlexStores implements PlexStores {
    private final PlexFolders folders;

    public FilePlexStores(PlexFolders folders) {
        this.folders = folders;
    }

    @Override
    public ReleaseJournalStore releaseJournal(String plex, int historySize) {
        return new FileReleaseJournalStore(folders, plex, historySize);
    }

    @Override
    public ReclaimJournalStore reclaimJournal(String plex) {
        return new FileReclaimJournalStore(folders, plex);
    }

    @Override
    public ConversationsStore conversations(String plex) {
        return new FileConversationsStore(folders, plex);
    }
}
