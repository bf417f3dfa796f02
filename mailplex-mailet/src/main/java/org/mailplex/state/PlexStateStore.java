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

import java.io.IOException;

/**
 * Where MailPlex keeps the runtime state of its plexes that must outlive a James restart (paused
 * operators, counters). One {@link PlexState} per plex, read once when the plex starts and written
 * whole on every change. Implementations are thread safe.
 */
public interface PlexStateStore {
    /** The state last saved for {@code plex}, or {@link PlexState#empty()} when there is none. */
    PlexState load(String plex) throws IOException;

    /** Replaces the state of {@code plex}; when this returns, a restart finds it. */
    void save(String plex, PlexState state) throws IOException;
}
