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

package org.mailplex.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.BOB;
import static org.mailplex.plex.MemoryMailPlex.PLEX;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.Username;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventBusTestFixture;
import org.apache.james.events.InVMEventBus;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.memory.MailRepositoryStoreConfiguration;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryStore;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryUrlStore;
import org.apache.james.mailrepository.memory.SimpleMailRepositoryLoader;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.admin.MailPlexAdministration;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.LeaseTimings;
import org.mailplex.core.MemoryLeaseStore;
import org.mailplex.core.PlexEvents;
import org.mailplex.core.PlexLease;
import org.mailplex.core.QueueKeys;
import org.mailplex.core.StepPauses;
import org.mailplex.matcher.MailPlexHeaders;
import org.mailplex.plex.DurablePlexState;
import org.mailplex.plex.MailPlexService;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.Plex;
import org.mailplex.plex.PlexEnvironment;
import org.mailplex.plex.PlexEventStream;
import org.mailplex.queue.HookedMailRepository;
import org.mailplex.queue.ParkedQueue;
import org.mailplex.reclaim.AwayOperators;
import org.mailplex.state.FileAwayStore;
import org.mailplex.state.MemoryAwayStore;
import org.mailplex.state.MemoryPlexStateStore;
import org.mailplex.state.PlexFolders;
import org.mailplex.trace.TraceSigner;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

/**
 * Two MailPlex nodes in one JVM over shared James parts (one mailbox manager and its event bus, one
 * memory queue repository) and one {@link MemoryLeaseStore}, on short lease timings: only the
 * lease holder releases, mail parked on either node goes out once and in FIFO order, a node that
 * stops renewing stops releasing and the other takes over, and a release the last holder had
 * delivered but not taken out of the queue is finished, not delivered again. The same logic runs
 * against a real Cassandra and separate JVMs in the multinode profile.
 */
class PlexFailoverTest {
    private static final LeaseTimings FAST = new LeaseTimings(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofMillis(200));

    @TempDir
    Path folder;

    private MemoryMailPlex world;
    private MemoryLeaseStore leaseStore;
    private MailRepositoryStore repositories;
    private final HookedMailRepository queue = new HookedMailRepository();
    private TraceSigner signer;
    private final List<Node> nodes = new ArrayList<>();
    /** Away operators and notices, shared by the nodes as the Cassandra store shares them. */
    private final MemoryAwayStore sharedAway = new MemoryAwayStore();
    /** Pauses and counters, shared by the nodes as Cassandra shares them. */
    private final MemoryPlexStateStore sharedState = new MemoryPlexStateStore();

    /** One James node's MailPlex: its own service, state and leases; the James parts are shared. */
    private final class Node {
        private final String name;
        private final PlexLeases leases;
        private final SeverableLeaseStore store;
        private final MailPlexService service;
        private final Plex plex;
        private final DurablePlexState state;
        private final AwayOperators away;

        Node(String name) throws Exception {
            this(name, "1s");
        }

        Node(String name, String reconcileInterval) throws Exception {
            this(name, reconcileInterval, PlexConfiguration.RECLAIM_AFTER, "off");
        }

        Node(String name, String reconcileInterval, String... more) throws Exception {
            this.name = name;
            this.store = new SeverableLeaseStore(leaseStore);
            this.leases = new PlexLeases(Optional.of(store), world.mailboxes(), world.mailboxManager(), world.eventBus(), PlexEvents.NONE,
                Clock.systemUTC(), name, Optional.empty());
            this.state = new DurablePlexState(sharedState);
            this.away = new AwayOperators(sharedAway, PlexEvents.NONE);
            // each node has a group listener of its own; keyed registrations (LeaderEvents) use the shared bus
            PlexEnvironment environment = new PlexEnvironment(Clock.systemUTC(), state, away, signer, new PlexEventStream(ImmutableSet.of(state)),
                StepPauses.NONE);
            this.service = new MailPlexService(repositories, world.mailboxes(), unusedEventBus(), new PlexFolders(folder.resolve(name)),
                environment, leases);
            // FAST, through the plex's own lease parameters
            List<String> parameters = new ArrayList<>(List.of(PlexConfiguration.RECONCILE_INTERVAL, reconcileInterval,
                PlexConfiguration.LEASE_TTL, "1s", PlexConfiguration.LEASE_RENEW_EVERY, "200ms", PlexConfiguration.LEASE_MARGIN, "200ms"));
            parameters.addAll(List.of(more));
            this.plex = service.register(MemoryMailPlex.configuration(parameters.toArray(new String[0])));
        }

        boolean leader() {
            return leases.status(plex).leader();
        }
    }

    /** What must not happen does not, for a second and a half: longer than the lease lives in {@code FAST} timings. */
    private static void holdsThroughout(ThrowingRunnable assertion) {
        MemoryMailPlex.await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
            .untilAsserted(assertion);
    }

    private static EventBus unusedEventBus() {
        return new InVMEventBus(new InVmEventDelivery(new RecordingMetricFactory()), EventBusTestFixture.RETRY_BACKOFF_CONFIGURATION,
            new MemoryEventDeadLetters());
    }

    @BeforeEach
    void setUp() throws Exception {
        world = MemoryMailPlex.builder(folder.resolve("world")).build();
        leaseStore = new MemoryLeaseStore(Clock.systemUTC());
        MemoryMailRepositoryStore store = new MemoryMailRepositoryStore(new MemoryMailRepositoryUrlStore(), new SimpleMailRepositoryLoader(),
            MailRepositoryStoreConfiguration.forItems(new MailRepositoryStoreConfiguration.Item(
                ImmutableList.of(new Protocol("memory")), MemoryMailRepository.class.getName(), new BaseHierarchicalConfiguration())));
        store.init();
        repositories = queue.asQueueOf(store);
        signer = TraceSigner.inFolder(folder);
        // the operators' INBOXes exist, as on any James where they logged in once: the holder listens to them by id
        for (String operator : List.of(ALICE, BOB)) {
            world.append(operator, "welcome");
            world.empty(operator);
        }
        nodes.add(new Node("node-a"));
        nodes.add(new Node("node-b"));
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(node -> node.service.stop());
        world.close();
    }

    private Node leader() {
        MemoryMailPlex.await().atMost(Duration.ofSeconds(5)).until(() -> nodes.stream().filter(Node::leader).count() == 1);
        return nodes.stream().filter(Node::leader).findFirst().orElseThrow();
    }

    /** Both operators hold a mail of their own, and the holder has seen it (through the keyed events). */
    private void bothBusy(Node leader) throws Exception {
        world.append(ALICE, "own alice");
        world.append(BOB, "own bob");
        MemoryMailPlex.await().until(() -> leader.plex.scheduler().operators().stream().noneMatch(operator -> operator.eligible()));
    }

    private Node other(Node node) {
        return nodes.get(0) == node ? nodes.get(1) : nodes.get(0);
    }

    @Test
    void onlyTheHolderReleasesAndMailParkedOnEitherNodeGoesOutOnceInFifoOrder() throws Exception {
        Node leader = leader();
        Node follower = other(leader);
        // the follower reads the lease on its own step: it may learn of the holder a step later
        MemoryMailPlex.await().untilAsserted(() -> assertThat(leases(follower).holder()).contains(leader.name));
        bothBusy(leader);
        List<String> parked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Node node = i % 2 == 0 ? follower : leader;
            node.plex.park(MemoryMailPlex.mail("mail " + i));
            parked.add("mail " + i);
            // two nodes' keys of one millisecond sort by sequence and node, not by arrival: a new millisecond each
            Thread.sleep(5);
        }
        MemoryMailPlex.await().until(() -> leader.plex.queueDepth() == 6);

        List<String> delivered = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (String operator : List.of(ALICE, BOB)) {
                world.empty(operator);
                MemoryMailPlex.await().until(() -> world.subjects(operator).size() == 1);
                delivered.addAll(world.subjects(operator));
            }
        }
        assertThat(delivered).containsExactlyElementsOf(parked);
        MemoryMailPlex.await().until(() -> queueSize() == 0 && leader.plex.recentReleases().size() == 6);
        assertThat(follower.plex.recentReleases()).isEmpty();
    }

    @Test
    void mailParkedOnTheNodeWithoutTheLeaseReachesTheHolderWithinASecondNotAReconcileInterval() throws Exception {
        nodes.forEach(node -> node.service.stop());
        nodes.clear();
        nodes.add(new Node("node-c", "1h"));
        nodes.add(new Node("node-d", "1h"));
        Node leader = leader();
        Node follower = other(leader);
        MemoryMailPlex.await().untilAsserted(() -> assertThat(leases(follower).holder()).contains(leader.name));
        MemoryMailPlex.await().until(() -> leader.plex.scheduler().operators().stream().allMatch(operator -> operator.eligible()));

        long parked = System.nanoTime();
        follower.plex.park(MemoryMailPlex.mail("parked on the other node"));

        MemoryMailPlex.await().atMost(Duration.ofSeconds(3))
            .until(() -> world.subjects(ALICE).size() + world.subjects(BOB).size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - parked)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void anAssignmentMadeOnTheNodeWithoutTheLeaseIsDeliveredByTheHolderAndAnswersAsThere() throws Exception {
        Node leader = leader();
        Node follower = other(leader);
        MemoryMailPlex.await().untilAsserted(() -> assertThat(leases(follower).holder()).contains(leader.name));
        bothBusy(leader);
        String key = follower.plex.park(MemoryMailPlex.mail("assigned on the other node"));
        MemoryMailPlex.await().until(() -> leader.plex.isParked(key) && follower.plex.isParked(key));

        MailPlexAdministration administration = new MailPlexAdministration(follower.service, new DurablePlexState(new MemoryPlexStateStore()),
            new AwayOperators(new FileAwayStore(new PlexFolders(folder.resolve("admin"))), PlexEvents.NONE));
        boolean delivered = administration.assign(follower.plex, key, BOB);

        assertThat(delivered).isTrue();
        assertThat(world.subjects(BOB)).containsExactly("own bob", "assigned on the other node");
        MemoryMailPlex.await().until(() -> queueSize() == 0);
    }

    /** Two nodes that list the queue again only every hour: what the holder knows, it knows from the action itself. */
    private Node[] slowNodes() throws Exception {
        nodes.forEach(node -> node.service.stop());
        nodes.clear();
        nodes.add(new Node("node-g", "1h"));
        nodes.add(new Node("node-h", "1h"));
        Node leader = leader();
        Node follower = other(leader);
        MemoryMailPlex.await().untilAsserted(() -> assertThat(leases(follower).holder()).contains(leader.name));
        return new Node[] {leader, follower};
    }

    /** The administration of {@code node}, as its webadmin routes have it. */
    private static MailPlexAdministration administration(Node node) {
        return new MailPlexAdministration(node.service, node.state, node.away);
    }

    @Test
    void aPauseMadeOnTheNodeWithoutTheLeaseShouldHoldOnTheHolderWithinASecondNotAReconcileInterval() throws Exception {
        Node[] two = slowNodes();
        Node leader = two[0];
        Node follower = other(leader);

        administration(follower).pause(follower.plex, ALICE);

        MemoryMailPlex.await().atMost(Duration.ofSeconds(1)).until(() -> leader.plex.scheduler().operator(ALICE).paused());

        administration(follower).resume(follower.plex, ALICE);

        MemoryMailPlex.await().atMost(Duration.ofSeconds(1)).until(() -> !leader.plex.scheduler().operator(ALICE).paused());
    }

    @Test
    void aDeleteMadeOnTheNodeWithoutTheLeaseIsDoneByTheHolderAndAnswersAsThere() throws Exception {
        Node[] two = slowNodes();
        Node leader = two[0];
        Node follower = two[1];
        bothBusy(leader);
        String key = follower.plex.park(MemoryMailPlex.mail("deleted on the other node"));
        MemoryMailPlex.await().until(() -> leader.plex.isParked(key) && follower.plex.isParked(key));
        MailPlexAdministration administration = administration(follower);

        administration.delete(follower.plex, key);

        // the holder, who releases, forgot it before the answer came: it can no longer deliver it
        assertThat(leader.plex.isParked(key)).isFalse();
        assertThat(queueSize()).isZero();
        assertThatThrownBy(() -> administration.delete(follower.plex, key)).isInstanceOf(MailPlexAdministration.NotFoundException.class);
        world.empty(ALICE);
        holdsThroughout(() -> assertThat(world.subjects(ALICE)).isEmpty());
    }

    @Test
    void aStuckMailPutBackOnTheNodeWithoutTheLeaseIsQueuedByTheHolder() throws Exception {
        Node[] two = slowNodes();
        Node leader = two[0];
        Node follower = two[1];
        bothBusy(leader);
        String key = new QueueKeys(Clock.systemUTC()).next();
        leader.plex.stuck().keep(MemoryMailPlex.mail("stuck, then put back"), key);
        MailPlexAdministration administration = administration(follower);

        administration.retryStuck(follower.plex, key);

        assertThat(leader.plex.isParked(key)).isTrue();
        assertThat(leader.plex.stuckCount()).isZero();
        world.empty(BOB);
        MemoryMailPlex.await().until(() -> world.subjects(BOB).contains("stuck, then put back"));
        assertThatThrownBy(() -> administration.deleteStuck(follower.plex, key))
            .isInstanceOf(MailPlexAdministration.NotFoundException.class);
    }

    @Test
    void anOperatorMarkedAwayByTheHolderStaysAwayWithHerNoticeForTheNextHolder() throws Exception {
        nodes.forEach(node -> node.service.stop());
        nodes.clear();
        nodes.add(new Node("node-e", "1s", PlexConfiguration.RECLAIM_AFTER, "1s"));
        nodes.add(new Node("node-f", "1s", PlexConfiguration.RECLAIM_AFTER, "1s"));
        Node first = leader();
        Node second = other(first);
        MemoryMailPlex.await().untilAsserted(() -> assertThat(leases(second).holder()).contains(first.name));
        world.append(BOB, "own bob");
        first.plex.park(MemoryMailPlex.mail("left unopened"));
        // alice leaves it unopened past reclaimAfter: the holder takes it back, she is away, a notice waits in her mailbox
        MemoryMailPlex.await().atMost(Duration.ofSeconds(10)).until(() -> sharedAway.load().isAway(ALICE)
            && !sharedAway.load().notices(ALICE).isEmpty() && queueSize() == 1);
        List<String> aliceHolds = world.subjects(ALICE);
        first.store.sever();

        MemoryMailPlex.await().atMost(Duration.ofSeconds(5)).until(second::leader);
        world.empty(BOB);

        MemoryMailPlex.await().until(() -> world.subjects(BOB).contains("left unopened"));
        assertThat(second.plex.scheduler().operator(ALICE).away()).isTrue();
        assertThat(sharedAway.load().notices(ALICE)).hasSize(1);
        assertThat(world.subjects(ALICE)).isEqualTo(aliceHolds);
    }

    private PlexLease.Status leases(Node node) {
        return node.leases.status(node.plex);
    }

    @Test
    void aNodeThatStopsRenewingStopsReleasingAndTheOtherTakesOverWithinTheBound() throws Exception {
        Node first = leader();
        Node second = other(first);
        long epoch = leases(first).epoch();
        first.store.sever();
        long start = System.nanoTime();
        MemoryMailPlex.await().atMost(Duration.ofSeconds(5)).until(second::leader);
        Duration takeover = Duration.ofNanos(System.nanoTime() - start);
        assertThat(takeover).isLessThan(FAST.takeoverBound().plus(Duration.ofMillis(500)));
        assertThat(first.leader()).isFalse();
        assertThat(leases(second).epoch()).isEqualTo(epoch + 1);

        first.plex.park(MemoryMailPlex.mail("after takeover 1"));
        second.plex.park(MemoryMailPlex.mail("after takeover 2"));
        MemoryMailPlex.await().until(() -> world.subjects(ALICE).size() + world.subjects(BOB).size() == 2
            && second.plex.recentReleases().size() == 2);
        assertThat(first.plex.recentReleases()).isEmpty();
        assertThat(first.plex.scheduler().operators()).allMatch(operator -> operator.inFlight() == 0);
    }

    @Test
    void aTakeoverFinishesTheReleaseTheLastHolderDeliveredButDidNotTakeOutOfTheQueue() throws Exception {
        Node first = leader();
        Node second = other(first);
        bothBusy(first);
        String key = first.plex.park(MemoryMailPlex.mail("delivered by the dead holder"));
        // the holder fenced and appended the mail, then died before taking it out of the queue
        assertThat(leaseStore.fence(PLEX, first.name, leases(first).epoch(), key, ALICE)).isTrue();
        appendWithTicket(ALICE, key);
        first.store.sever();

        MemoryMailPlex.await().atMost(Duration.ofSeconds(5)).until(second::leader);
        MemoryMailPlex.await().until(() -> queueSize() == 0);
        world.empty(BOB);
        holdsThroughout(() -> {
            assertThat(world.subjects(BOB)).isEmpty();
            assertThat(world.subjects(ALICE)).containsExactly("own alice", "delivered by the dead holder");
            assertThat(second.plex.queueDepth()).isZero();
        });
    }

    @Test
    void aNodeStartingWhileAnotherHoldsTheLeaseReleasesNothingEvenWithMailParkedAndOperatorsFree() throws Exception {
        nodes.forEach(node -> node.service.stop());
        nodes.clear();
        long epoch = leaseStore.read(PLEX).epoch();
        assertThat(leaseStore.acquire(PLEX, "elsewhere", epoch, Duration.ofHours(1))).isTrue();
        new ParkedQueue(MemoryMailPlex.address(PLEX), repositories.select(MailRepositoryUrl.from(MemoryMailPlex.QUEUE)))
            .park(MemoryMailPlex.mail("parked before the start"), new QueueKeys(Clock.systemUTC()).next(), new Date());

        Node joining = new Node("node-c");
        nodes.add(joining);
        MemoryMailPlex.await().until(() -> joining.plex.queueDepth() == 1);
        holdsThroughout(() -> {
            assertThat(world.subjects(ALICE)).isEmpty();
            assertThat(world.subjects(BOB)).isEmpty();
            assertThat(joining.plex.recentReleases()).isEmpty();
            assertThat(leases(joining).holder()).contains("elsewhere");
            assertThat(joining.plex.queueDepth()).isEqualTo(1);
        });

        leaseStore.giveUp(PLEX, "elsewhere", epoch + 1);
        MemoryMailPlex.await().atMost(Duration.ofSeconds(5)).until(joining::leader);
        MemoryMailPlex.await().until(() -> world.subjects(ALICE).size() + world.subjects(BOB).size() == 1);
        assertThat(leases(joining).epoch()).isEqualTo(epoch + 2);
    }

    @Test
    void theHoldersQueueSyncShouldNotReleaseAgainAMailDeliveredWhoseRemovalFailed() throws Exception {
        Node leader = leader();
        queue.beforeRemove(() -> {
            throw new MessagingException("thrown by the test: the disk refuses the removal");
        });

        leader.plex.park(MemoryMailPlex.mail("delivered once"));
        MemoryMailPlex.await().until(() -> world.subjects(ALICE).size() + world.subjects(BOB).size() == 1);

        // the queue sync runs every reconcile interval (1 s) on every node: three of them pass
        MemoryMailPlex.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
            .untilAsserted(() -> {
                assertThat(world.subjects(ALICE)).containsExactly("delivered once");
                assertThat(world.subjects(BOB)).isEmpty();
            });
        assertThat(queueSize()).isEqualTo(1);
    }

    private void appendWithTicket(String user, String key) throws Exception {
        MailboxManager manager = world.mailboxManager();
        MailboxSession session = manager.createSystemSession(Username.of(user));
        MessageManager inbox = manager.getMailbox(MailboxPath.inbox(Username.of(user)), session);
        byte[] raw = (MailPlexHeaders.TICKET + ": " + key + "\r\nSubject: delivered by the dead holder\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        inbox.appendMessage(MessageManager.AppendCommand.builder().build(raw), session);
    }

    private long queueSize() throws Exception {
        return repositories.select(MailRepositoryUrl.from(MemoryMailPlex.QUEUE)).size();
    }
}
