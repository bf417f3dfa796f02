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

package org.mailplex.multinode;

import java.net.InetSocketAddress;
import java.util.UUID;

import org.apache.james.backends.cassandra.components.CassandraModule;
import org.apache.james.backends.cassandra.init.SessionWithInitializedTablesFactory;
import org.apache.james.backends.cassandra.init.configuration.CassandraConfiguration;
import org.apache.james.backends.cassandra.versions.CassandraSchemaVersionModule;
import org.apache.james.blob.api.BlobId;
import org.apache.james.blob.api.BucketName;
import org.apache.james.blob.api.HashBlobId;
import org.apache.james.blob.cassandra.CassandraBlobModule;
import org.apache.james.blob.cassandra.CassandraBlobStoreDAO;
import org.apache.james.blob.cassandra.CassandraBucketDAO;
import org.apache.james.blob.cassandra.CassandraDefaultBucketDAO;
import org.apache.james.blob.mail.MimeMessageStore;
import org.apache.james.mailrepository.cassandra.CassandraMailRepositoryFactory;
import org.apache.james.mailrepository.cassandra.CassandraMailRepositoryKeysDAO;
import org.apache.james.mailrepository.cassandra.CassandraMailRepositoryMailDaoV2;
import org.apache.james.mailrepository.cassandra.CassandraMailRepositoryModule;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.server.blob.deduplication.PassThroughBlobStore;

import com.datastax.oss.driver.api.core.CqlSession;
import com.google.common.io.ByteSource;
import com.google.inject.Guice;
import com.google.inject.Injector;

/**
 * What a James node of the multi-node test shares with the other one, in the forked Cassandra:
 * the {@code CqlSession} (as Distributed James binds one) and James's own Cassandra mail
 * repository over a Cassandra blob store, for the plex's queue. The memory app has neither, so the
 * node builds them here once, from {@code -Dmultinode.cassandra.port}.
 */
final class SharedCassandra {
    private static CqlSession session;
    private static CassandraMailRepositoryFactory repositories;

    private SharedCassandra() {
    }

    static synchronized CqlSession session() {
        if (session == null) {
            int port = Integer.getInteger("multinode.cassandra.port");
            CqlSession plain = CqlSession.builder()
                .addContactPoint(new InetSocketAddress("127.0.0.1", port))
                .withLocalDatacenter("datacenter1")
                .withKeyspace(CassandraServer.KEYSPACE)
                .build();
            session = new SessionWithInitializedTablesFactory(plain,
                CassandraModule.aggregateModules(CassandraSchemaVersionModule.MODULE, CassandraMailRepositoryModule.MODULE,
                    CassandraBlobModule.MODULE)).get();
        }
        return session;
    }

    static synchronized CassandraMailRepositoryFactory repositories() {
        if (repositories == null) {
            BlobId.Factory blobIds = new RandomBlobIds();
            Injector injector = Guice.createInjector(binder -> {
                binder.bind(CqlSession.class).toInstance(session());
                binder.bind(BlobId.Factory.class).toInstance(blobIds);
                binder.bind(CassandraConfiguration.class).toInstance(CassandraConfiguration.DEFAULT_CONFIGURATION);
            });
            CassandraBlobStoreDAO blobs = new CassandraBlobStoreDAO(new CassandraDefaultBucketDAO(session(), blobIds),
                new CassandraBucketDAO(blobIds, session()), CassandraConfiguration.DEFAULT_CONFIGURATION, BucketName.DEFAULT,
                new RecordingMetricFactory());
            repositories = new CassandraMailRepositoryFactory(injector.getInstance(CassandraMailRepositoryKeysDAO.class),
                injector.getInstance(CassandraMailRepositoryMailDaoV2.class),
                new MimeMessageStore.Factory(new PassThroughBlobStore(blobs, BucketName.DEFAULT, blobIds)));
        }
        return repositories;
    }

    /** A new blob id per blob: two mails with the same body never share (and so never delete) each other's blob. */
    private static final class RandomBlobIds implements BlobId.Factory {
        private final HashBlobId.Factory ids = new HashBlobId.Factory();

        @Override
        public BlobId forPayload(byte[] payload) {
            return ids.from(UUID.randomUUID().toString());
        }

        @Override
        public BlobId forPayload(ByteSource payload) {
            return ids.from(UUID.randomUUID().toString());
        }

        @Override
        public BlobId from(String id) {
            return ids.from(id);
        }
    }
}
