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
import java.util.List;
import java.util.Optional;

import org.mailplex.core.RosterEntry;

/**
 * Per plex, the roster an admin set over webadmin: once there is one it wins over the
 * {@code operators} of the plex's configuration, until it is deleted. One node keeps it in a file
 * ({@link FileRosterStore}); several nodes share one store, so any node can be administered.
 */
public interface RosterStore {
    /** The roster last saved for {@code plex}, in order; empty when an admin never changed it (or went back to the configuration's). */
    Optional<List<RosterEntry>> load(String plex) throws IOException;

    /** Replaces the roster of {@code plex}; when this returns, a restart finds it. */
    void save(String plex, List<RosterEntry> roster) throws IOException;

    /** Forgets the roster of {@code plex}: the configuration's applies again. */
    void delete(String plex) throws IOException;
}
