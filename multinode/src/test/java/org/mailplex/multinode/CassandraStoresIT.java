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

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mailplex.cassandra.CassandraAwayStore;
import org.mailplex.cassandra.CassandraConversationsStore;
import org.mailplex.cassandra.CassandraPlexStateStore;
import org.mailplex.cassandra.CassandraPlexStores;
import org.mailplex.cassandra.CassandraReclaimJournalStore;
import org.mailplex.cassandra.CassandraReleaseJournalStore;
import org.mailplex.cassandra.CassandraRosterStore;
import org.mailplex.cassandra.CassandraScheduleStore;
import org.mailplex.cassandra.CassandraTraceSecretStore;
import org.mailplex.core.Conversations;
import org.mailplex.core.Release;
import org.mailplex.state.AwayBook;
import org.mailplex.state.AwayStore;
import org.mailplex.state.AwayStoreContract;
import org.mailplex.state.ConversationsStore;
import org.mailplex.state.ConversationsStoreContract;
import org.mailplex.state.MessageLocation;
import org.mailplex.state.Notice;
import org.mailplex.state.PlexState;
import org.mailplex.state.PlexStateStore;
import org.mailplex.state.PlexStateStoreContract;
import org.mailplex.state.ReclaimJournalStore;
import org.mailplex.state.ReclaimJournalStoreContract;
import org.mailplex.state.ReleaseJournalStore;
import org.mailplex.state.ReleaseJournalStoreContract;
import org.mailplex.state.RosterStore;
import org.mailplex.state.RosterStoreContract;
import org.mailplex.state.ScheduleStore;
import org.mailplex.state.ScheduleStoreContract;
import org.mailplex.state.TraceSecretStore;
import org.mailplex.state.TraceSecretStoreContract;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

/**
 * Every Cassandra store of {@code mailplex-cassandra} against a real Cassandra 5.0 in a JVM of its
 * own, through the same contracts the file stores pass in {@code mvn verify}; then what only
 * several nodes show: two nodes' stores over one Cassandra, each writing what the other does not undo.
 */
class CassandraStoresIT {
    private static final String PLEX = "help@911.gov";
    private static final String ALICE = "alice@911.gov";
    private static final String BOB = "bob@911.gov";
    private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");

    private static CassandraServer cassandra;
    private static CqlSession session;

    @BeforeAll
    static void startCassandra() throws Exception {
        cassandra = CassandraServer.start(Paths.get(System.getProperty("multinode.dir", "target/multinode"), "cassandra-stores"),
            Duration.ofSeconds(120));
        session = cassandra.session();
    }

    @AfterAll
    static void stopCassandra() throws Exception {
        if (session != null) {
            session.close();
        }
        if (cassandra != null) {
            cassandra.close();
        }
    }

    private static void truncate(String... tables) {
        for (String table : tables) {
            session.execute(SimpleStatement.newInstance("TRUNCATE " + table).setTimeout(Duration.ofSeconds(30)));
        }
    }

    @Nested
    class PlexStateStoreIT extends PlexStateStoreContract {
        private CassandraPlexStateStore store;

        @BeforeEach
        void fresh() {
            store = new CassandraPlexStateStore(session);
            truncate(CassandraPlexStateStore.TABLE);
        }

        @Override
        protected PlexStateStore store() {
            return store;
        }
    }

    @Nested
    class AwayStoreIT extends AwayStoreContract {
        private CassandraAwayStore store;

        @BeforeEach
        void fresh() {
            store = new CassandraAwayStore(session);
            truncate(CassandraAwayStore.AWAY_TABLE, CassandraAwayStore.NOTICES_TABLE);
        }

        @Override
        protected AwayStore store() {
            return store;
        }
    }

    @Nested
    class RosterStoreIT extends RosterStoreContract {
        private CassandraRosterStore store;

        @BeforeEach
        void fresh() {
            store = new CassandraRosterStore(session);
            truncate(CassandraRosterStore.TABLE);
        }

        @Override
        protected RosterStore store() {
            return store;
        }
    }

    @Nested
    class ScheduleStoreIT extends ScheduleStoreContract {
        private CassandraScheduleStore store;

        @BeforeEach
        void fresh() {
            store = new CassandraScheduleStore(session);
            truncate(CassandraScheduleStore.TABLE);
        }

        @Override
        protected ScheduleStore store() {
            return store;
        }
    }

    @Nested
    class ConversationsStoreIT extends ConversationsStoreContract {
        private ConversationsStore store;

        @BeforeEach
        void fresh() {
            store = new CassandraPlexStores(session).conversations(PLEX);
            truncate(CassandraConversationsStore.TABLE);
        }

        @Override
        protected ConversationsStore store() {
            return store;
        }
    }

    @Nested
    class TraceSecretStoreIT extends TraceSecretStoreContract {
        private CassandraTraceSecretStore store;

        @BeforeEach
        void fresh() {
            store = new CassandraTraceSecretStore(session);
            truncate(CassandraTraceSecretStore.TABLE);
        }

        @Override
        protected TraceSecretStore store() {
            return store;
        }

        @Test
        void nodesStartingTogetherShouldAllGetTheSecretTheFirstMade() throws Exception {
            ExecutorService nodes = Executors.newFixedThreadPool(6);
            try {
                List<Callable<byte[]>> starts = IntStream.range(0, 6)
                    .<Callable<byte[]>>mapToObj(node -> () -> new CassandraTraceSecretStore(session).secret())
                    .collect(Collectors.toList());
                List<String> secrets = nodes.invokeAll(starts).stream().map(CassandraStoresIT::hex).collect(Collectors.toList());

                assertThat(secrets).hasSize(6).containsOnly(secrets.get(0));
            } finally {
                nodes.shutdownNow();
            }
        }
    }

    @Nested
    class ReleaseJournalStoreIT extends ReleaseJournalStoreContract {
        private CassandraPlexStores stores;

        @BeforeEach
        void fresh() {
            truncate(CassandraReleaseJournalStore.OPEN_TABLE, CassandraReleaseJournalStore.HISTORY_TABLE);
        }

        @Override
        protected ReleaseJournalStore open(String plex, int historySize) {
            if (stores == null) {
                stores = new CassandraPlexStores(session);
            }
            return stores.releaseJournal(plex, historySize);
        }

        @Test
        void aNodeTakingOverShouldFindWhatTheLastHolderBeganAndDelivered() throws Exception {
            ReleaseJournalStore holder = new CassandraPlexStores(session).releaseJournal(PLEX, HISTORY);
            holder.begin("k1", ALICE);
            holder.delivered(delivery("k1", ALICE));
            holder.begin("k2", BOB);
            holder.begin("k3", ALICE);
            holder.delivered(delivery("k3", ALICE));
            holder.end("k3");
            // the holder dies here; another node takes over

            ReleaseJournalStore.Recovery recovery = new CassandraPlexStores(session).releaseJournal(PLEX, HISTORY).recover();

            assertThat(recovery.deliveredNotEnded()).containsExactly("k1");
            assertThat(recovery.begun()).isEqualTo(Map.of("k2", BOB));
            assertThat(recovery.history()).extracting(Release::key).containsExactly("k3");
        }
    }

    @Nested
    class ReclaimJournalStoreIT extends ReclaimJournalStoreContract {
        private CassandraPlexStores stores;

        @BeforeEach
        void fresh() {
            stores = new CassandraPlexStores(session);
            truncate(CassandraReclaimJournalStore.TABLE);
        }

        @Override
        protected ReclaimJournalStore open(String plex) {
            return stores.reclaimJournal(plex);
        }
    }

    /** Two nodes, each its own store over one Cassandra: what one writes, the other does not undo. */
    @Nested
    class TwoNodes {
        @BeforeEach
        void fresh() {
            // the stores create their tables
            new CassandraPlexStateStore(session);
            new CassandraAwayStore(session);
            new CassandraPlexStores(session);
            truncate(CassandraPlexStateStore.TABLE, CassandraAwayStore.AWAY_TABLE, CassandraAwayStore.NOTICES_TABLE,
                CassandraConversationsStore.TABLE);
        }

        @Test
        void aPauseOnOneNodeShouldSurviveTheCountersTheHolderSaves() throws Exception {
            CassandraPlexStateStore holder = new CassandraPlexStateStore(session);
            CassandraPlexStateStore other = new CassandraPlexStateStore(session);
            PlexState atHolder = holder.load(PLEX);
            other.save(PLEX, other.load(PLEX).withPaused(BOB, true));

            holder.save(PLEX, atHolder.withDispatch(ALICE, 1_500));

            PlexState now = new CassandraPlexStateStore(session).load(PLEX);
            assertThat(now.isPaused(BOB)).isTrue();
            assertThat(now.dispatched(ALICE)).isEqualTo(1);
        }

        @Test
        void aResumeOnOneNodeShouldSurviveANoticeTheHolderLeaves() throws Exception {
            CassandraAwayStore holder = new CassandraAwayStore(session);
            CassandraAwayStore other = new CassandraAwayStore(session);
            AwayBook atHolder = holder.load().withAway(ALICE, AT).withAway(BOB, AT);
            holder.save(atHolder);
            other.save(other.load().withBack(ALICE));

            Notice notice = new Notice(BOB, new MessageLocation("INBOX", 1L, 2L), AT);
            holder.save(atHolder.withNotice(notice));

            AwayBook now = new CassandraAwayStore(session).load();
            assertThat(now.isAway(ALICE)).isFalse();
            assertThat(now.isAway(BOB)).isTrue();
            assertThat(now.notices(BOB)).containsExactly(notice);
        }

        @Test
        void aConversationRememberedByTheHolderShouldBeFoundByTheNextHolder() throws Exception {
            Conversations remembered = new Conversations(10);
            remembered.remember("<m1@customer.example>", ALICE);
            new CassandraPlexStores(session).conversations(PLEX).save(remembered);

            Conversations next = new Conversations(10);
            new CassandraPlexStores(session).conversations(PLEX).load(next);

            assertThat(next.operatorFor(List.of("m1@customer.example"))).contains(ALICE);
        }
    }

    /** What one release writes besides its fence (journal begin, delivered, end; the operator's counters), timed over 300 releases. */
    @Nested
    class CostPerRelease {
        @Test
        void theStoresWritesOfOneReleaseShouldTakeMillisecondsNotASecond() throws Exception {
            CassandraPlexStores stores = new CassandraPlexStores(session);
            CassandraPlexStateStore state = new CassandraPlexStateStore(session);
            String plex = "cost-" + System.nanoTime() + "@911.gov";
            ReleaseJournalStore journal = stores.releaseJournal(plex, 10_000);
            journal.recover();
            journal.reset();
            PlexState counters = state.load(plex);
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String key = String.format("%013d-000000-cost", i);
                long start = System.nanoTime();
                journal.begin(key, ALICE);
                journal.delivered(new Release(key, ALICE, Optional.of("<" + i + "@cost>"), AT));
                journal.end(key);
                counters = counters.withDispatch(ALICE, 1_000);
                state.save(plex, counters);
                micros.add((System.nanoTime() - start) / 1000);
            }
            Collections.sort(micros);
            System.out.println("[multinode] MailPlex's store writes per release (journal begin, delivered, end; counters), 300 releases:"
                + " p50 " + micros.get(150) / 1000.0 + " ms, p99 " + micros.get(296) / 1000.0 + " ms, max " + micros.get(299) / 1000.0 + " ms");
            long historyStart = System.nanoTime();
            List<Release> history = journal.history();
            System.out.println("[multinode] reading a history of " + history.size() + " releases: "
                + (System.nanoTime() - historyStart) / 1_000_000 + " ms");
            assertThat(history).hasSize(300);
            assertThat(micros.get(150)).isLessThan(100_000L);
        }
    }

    private static String hex(Future<byte[]> secret) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : secret.get()) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
