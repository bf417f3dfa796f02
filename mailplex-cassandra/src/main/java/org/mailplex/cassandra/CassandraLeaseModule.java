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

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.OptionalBinder;

/**
 * MailPlex on several Distributed James nodes: the plexes' leases in Cassandra, through
 * the {@code CqlSession} James's Cassandra backend already binds. List it after
 * {@code org.mailplex.james.MailPlexModule} in {@code extensions.properties}:
 *
 * <pre>{@code
 * guice.extension.module=org.mailplex.james.MailPlexModule,org.mailplex.cassandra.CassandraLeaseModule
 * }</pre>
 *
 * It creates the table {@code mailplex_lease} in James's keyspace at start if it is missing.
 */
public class CassandraLeaseModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(CassandraLeaseStore.class).in(Scopes.SINGLETON);
        OptionalBinder.newOptionalBinder(binder(), LeaseStore.class).setBinding().to(CassandraLeaseStore.class);
    }
}
