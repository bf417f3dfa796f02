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

package org.mailplex.cassandra;

import org.mailplex.core.LeaseStore;
import org.mailplex.state.AwayStore;
import org.mailplex.state.PlexStateStore;
import org.mailplex.state.PlexStores;
import org.mailplex.state.RosterStore;
import org.mailplex.state.ScheduleStore;
import org.mailplex.state.TraceSecretStore;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.OptionalBinder;

/**
 * MailPlex on several Distributed James nodes: the plexes' leases and every MailPlex store in
 * Cassandra, through the {@code CqlSession} James's Cassandra backend already binds (James's
 * keyspace). List it after {@code org.mailplex.james.MailPlexModule} in {@code extensions.properties}:
 *
 * <pre>{@code
 * guice.extension.module=org.mailplex.james.MailPlexModule,org.mailplex.cassandra.MailPlexCassandraModule
 * }</pre>
 *
 * It creates its tables ({@code mailplex_lease}, {@code mailplex_parked}, {@code mailplex_requests},
 * {@code mailplex_state}, {@code mailplex_away}, {@code mailplex_notices}, {@code mailplex_roster}, {@code mailplex_calendar},
 * {@code mailplex_conversations}, {@code mailplex_releases_open}, {@code mailplex_release_history},
 * {@code mailplex_reclaims_open}, {@code mailplex_trace_secret}) at start when they are missing.
 */
public class MailPlexCassandraModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(CassandraLeaseStore.class).in(Scopes.SINGLETON);
        bind(CassandraPlexStateStore.class).in(Scopes.SINGLETON);
        bind(CassandraAwayStore.class).in(Scopes.SINGLETON);
        bind(CassandraRosterStore.class).in(Scopes.SINGLETON);
        bind(CassandraScheduleStore.class).in(Scopes.SINGLETON);
        bind(CassandraTraceSecretStore.class).in(Scopes.SINGLETON);
        bind(CassandraPlexStores.class).in(Scopes.SINGLETON);
        OptionalBinder.newOptionalBinder(binder(), LeaseStore.class).setBinding().to(CassandraLeaseStore.class);
        OptionalBinder.newOptionalBinder(binder(), PlexStateStore.class).setBinding().to(CassandraPlexStateStore.class);
        OptionalBinder.newOptionalBinder(binder(), AwayStore.class).setBinding().to(CassandraAwayStore.class);
        OptionalBinder.newOptionalBinder(binder(), RosterStore.class).setBinding().to(CassandraRosterStore.class);
        OptionalBinder.newOptionalBinder(binder(), ScheduleStore.class).setBinding().to(CassandraScheduleStore.class);
        OptionalBinder.newOptionalBinder(binder(), TraceSecretStore.class).setBinding().to(CassandraTraceSecretStore.class);
        OptionalBinder.newOptionalBinder(binder(), PlexStores.class).setBinding().to(CassandraPlexStores.class);
    }
}
