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

package org.mailplex.james;

import java.io.FileNotFoundException;
import java.io.IOException;

import javax.inject.Singleton;

import org.apache.james.filesystem.api.FileSystem;
import org.mailplex.admin.MailPlexAdministration;
import org.mailplex.admin.PlexMetrics;
import org.mailplex.core.LeaseStore;
import org.mailplex.core.PlexEvents;
import org.mailplex.core.StepPauses;
import org.mailplex.lease.PlexLeases;
import org.mailplex.mailbox.OperatorMailboxKind;
import org.mailplex.mailbox.OperatorMailboxRegistry;
import org.mailplex.mailbox.OperatorMailboxes;
import org.mailplex.mailbox.elsewhere.CommandMailboxKind;
import org.mailplex.mailbox.elsewhere.ImapMailboxKind;
import org.mailplex.plex.DurablePlexState;
import org.mailplex.plex.MailPlexService;
import org.mailplex.plex.OperatorCalendars;
import org.mailplex.plex.PlexDuties;
import org.mailplex.plex.PlexEnvironment;
import org.mailplex.plex.PlexEventStream;
import org.mailplex.plex.PlexRosters;
import org.mailplex.reclaim.AwayOperators;
import org.mailplex.state.AwayStore;
import org.mailplex.state.FileAwayStore;
import org.mailplex.state.FilePlexStateStore;
import org.mailplex.state.FilePlexStores;
import org.mailplex.state.FileRosterStore;
import org.mailplex.state.FileScheduleStore;
import org.mailplex.state.FileTraceSecretStore;
import org.mailplex.state.PlexFolders;
import org.mailplex.state.PlexStateStore;
import org.mailplex.state.PlexStores;
import org.mailplex.state.RosterStore;
import org.mailplex.state.ScheduleStore;
import org.mailplex.state.TraceSecretStore;
import org.mailplex.trace.TraceSigner;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;

/**
 * The MailPlex Guice extension module. List it in {@code extensions.properties}:
 *
 * <pre>{@code
 * guice.extension.module=org.mailplex.james.MailPlexModule
 * }</pre>
 *
 * James builds one child injector from extension modules and creates mailets, matchers and
 * webadmin routes from it, so they all share these singletons. State lives under James's
 * {@code var/mailplex/}, one folder per plex.
 */
public class MailPlexModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(OperatorMailboxes.class).in(Scopes.SINGLETON);
        bind(OperatorMailboxRegistry.class).in(Scopes.SINGLETON);
        // Operator mailboxes elsewhere, by kind; a site's own module adds its kind to this same map.
        MapBinder<String, OperatorMailboxKind> kinds = MapBinder.newMapBinder(binder(), String.class, OperatorMailboxKind.class);
        kinds.addBinding(ImapMailboxKind.NAME).to(ImapMailboxKind.class);
        kinds.addBinding(CommandMailboxKind.NAME).to(CommandMailboxKind.class);
        bind(MailPlexService.class).in(Scopes.SINGLETON);
        bind(MailPlexAdministration.class).in(Scopes.SINGLETON);
        bind(DurablePlexState.class).in(Scopes.SINGLETON);
        bind(PlexMetrics.class).in(Scopes.SINGLETON);
        bind(PlexEventStream.class).in(Scopes.SINGLETON);
        bind(PlexEvents.class).to(PlexEventStream.class);
        bind(PlexEnvironment.class).in(Scopes.SINGLETON);
        // The one event stream's subscribers; a later part (the console, a store) adds itself here.
        Multibinder<PlexEvents> subscribers = Multibinder.newSetBinder(binder(), PlexEvents.class);
        subscribers.addBinding().to(DurablePlexState.class);
        subscribers.addBinding().to(PlexMetrics.class);
        // No pause between steps; a crash test's own module sets one.
        OptionalBinder.newOptionalBinder(binder(), StepPauses.class).setDefault().toInstance(StepPauses.NONE);
        bind(AwayOperators.class).in(Scopes.SINGLETON);
        bind(PlexLeases.class).in(Scopes.SINGLETON);
        bind(PlexRosters.class).in(Scopes.SINGLETON);
        bind(PlexDuties.class).in(Scopes.SINGLETON);
        bind(OperatorCalendars.class).in(Scopes.SINGLETON);
        // No lease store by default (one node holds every plex); MailPlexCassandraModule sets one.
        OptionalBinder.newOptionalBinder(binder(), LeaseStore.class);
        // Every store in files under var/mailplex/ by default (one node); MailPlexCassandraModule sets Cassandra's.
        OptionalBinder.newOptionalBinder(binder(), TraceSecretStore.class).setDefault().to(FileTraceSecretStore.class);
        OptionalBinder.newOptionalBinder(binder(), AwayStore.class).setDefault().to(FileAwayStore.class);
        OptionalBinder.newOptionalBinder(binder(), PlexStateStore.class).setDefault().to(FilePlexStateStore.class);
        OptionalBinder.newOptionalBinder(binder(), RosterStore.class).setDefault().to(FileRosterStore.class);
        OptionalBinder.newOptionalBinder(binder(), ScheduleStore.class).setDefault().to(FileScheduleStore.class);
        OptionalBinder.newOptionalBinder(binder(), PlexStores.class).setDefault().to(FilePlexStores.class);
    }

    @Provides
    @Singleton
    PlexFolders plexFolders(FileSystem fileSystem) throws FileNotFoundException {
        return new PlexFolders(fileSystem.getFile(FileSystem.FILE_PROTOCOL_AND_VAR + "mailplex").toPath());
    }

    @Provides
    @Singleton
    TraceSigner traceSigner(TraceSecretStore store) throws IOException {
        return TraceSigner.of(store);
    }

    @Provides
    @Singleton
    FileTraceSecretStore fileTraceSecretStore(PlexFolders folders) {
        return new FileTraceSecretStore(folders.root());
    }

    @Provides
    @Singleton
    FileAwayStore fileAwayStore(PlexFolders folders) {
        return new FileAwayStore(folders);
    }

    @Provides
    @Singleton
    FilePlexStateStore filePlexStateStore(PlexFolders folders) {
        return new FilePlexStateStore(folders);
    }

    @Provides
    @Singleton
    FileRosterStore fileRosterStore(PlexFolders folders) {
        return new FileRosterStore(folders);
    }

    @Provides
    @Singleton
    FileScheduleStore fileScheduleStore(PlexFolders folders) {
        return new FileScheduleStore(folders);
    }

    @Provides
    @Singleton
    FilePlexStores filePlexStores(PlexFolders folders) {
        return new FilePlexStores(folders);
    }
}
