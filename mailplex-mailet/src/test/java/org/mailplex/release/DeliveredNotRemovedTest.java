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

package org.mailplex.release;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.contains;
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.BOB;
import static org.mailplex.plex.MemoryMailPlex.PLEX;
import static org.mailplex.plex.MemoryMailPlex.address;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.MessagingException;

import org.apache.james.metrics.api.Gauge;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.admin.PlexMetrics;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Release;
import org.mailplex.mailbox.FaultyMailboxes;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.Plex;
import org.mailplex.queue.HookedMailRepository;
import org.mailplex.webadmin.MailPlexRoutes;

/**
 * A mail delivered to its operator whose removal from the queue then fails (a disk error, the call
 * timeout, the bounded call pool refusing the task) stays "delivered, not yet removed": it is never
 * released again, neither in the same run nor after a restart, and its removal is retried.
 */
class DeliveredNotRemovedTest {
    private static final String NO_TICK = "1h";

    @TempDir
    Path stateFolder;

    private final HookedMailRepository queue = new HookedMailRepository();
    private final AtomicBoolean removalFails = new AtomicBoolean(true);
    private final AtomicInteger removals = new AtomicInteger();
    private MemoryMailPlex james;
    private FaultyMailboxes mailboxes;

    @BeforeEach
    void setUp() throws Exception {
        queue.beforeRemove(() -> {
            removals.incrementAndGet();
            if (removalFails.get()) {
                throw new MessagingException("thrown by the test: the disk refuses the removal");
            }
        });
        james = MemoryMailPlex.builder(stateFolder).hookedQueue(queue).mailboxes(FaultyMailboxes::new).build();
        mailboxes = (FaultyMailboxes) james.mailboxes();
    }

    @AfterEach
    void tearDown() {
        james.close();
    }

    /** Nobody but alice ever gets the mail, and she gets it once: checked throughout {@code period}. */
    private void deliveredOnceThroughout(Duration period) {
        await().during(period).atMost(period.plusSeconds(10)).untilAsserted(() -> {
            assertThat(james.subjects(ALICE)).containsExactly("first");
            assertThat(james.subjects(BOB)).isEmpty();
            assertThat(mailboxes.deliveries()).isEqualTo(1);
        });
    }

    @Test
    void aMailWhoseRemovalFailedShouldNotBeDeliveredAgainAfterARestart() throws Exception {
        Plex plex = james.register(PlexConfiguration.RECONCILE_INTERVAL, NO_TICK);
        plex.park(mail("first"));
        await().until(() -> james.subjects(ALICE).size() == 1 && removals.get() >= 1);

        james.service().unregister(address(PLEX));
        james.register(PlexConfiguration.RECONCILE_INTERVAL, NO_TICK);

        deliveredOnceThroughout(Duration.ofSeconds(1));
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void aMailWhoseRemovalFailedShouldNotBeDeliveredAgainInTheSameRun() throws Exception {
        Plex plex = james.register(PlexConfiguration.RECONCILE_INTERVAL, "100ms");
        plex.park(mail("first"));
        await().until(() -> james.subjects(ALICE).size() == 1 && removals.get() >= 1);

        deliveredOnceThroughout(Duration.ofSeconds(1));
    }

    @Test
    void aMailWhoseRemovalFailedShouldBeShownAndRemovedByALaterTick() throws Exception {
        Plex plex = james.register(PlexConfiguration.RECONCILE_INTERVAL, "100ms");
        Map<String, Gauge<?>> gauges = new ConcurrentHashMap<>();
        new PlexMetrics(new RecordingMetricFactory(), recording(gauges), james.state(), james::service).started(plex.name());
        WebAdminServer server = WebAdminUtils.createWebAdminServer(
            new MailPlexRoutes(james.administration(), james.clock(), new JsonTransformer())).start();
        try {
            String key = plex.park(mail("first"));
            await().until(() -> plex.deliveredNotRemoved().size() == 1);

            // retried on each tick, shown meanwhile, and never released again
            int tried = removals.get();
            await().until(() -> removals.get() >= tried + 2);
            assertThat(plex.deliveredNotRemoved()).extracting(Release::key, Release::operator).containsExactly(tuple(key, ALICE));
            assertThat(gauges.get(PlexMetrics.DELIVERED_NOT_REMOVED + PLEX).get()).isEqualTo(1);
            given().spec(WebAdminUtils.buildRequestSpecification(server).setUrlEncodingEnabled(false).build())
                .get("/mailplex/" + PLEX)
                .then().statusCode(200)
                .body("deliveredNotRemoved.key", contains(key))
                .body("deliveredNotRemoved.operator", contains(ALICE));
            assertThat(plex.recentReleases()).isEmpty();

            removalFails.set(false);

            await().until(() -> queue.size() == 0 && plex.deliveredNotRemoved().isEmpty());
            assertThat(plex.recentReleases()).extracting(Release::key).containsExactly(key);
            assertThat(gauges.get(PlexMetrics.DELIVERED_NOT_REMOVED + PLEX).get()).isEqualTo(0);
            deliveredOnceThroughout(Duration.ofMillis(500));
        } finally {
            server.destroy();
        }
    }

    @Test
    void aMailWhoseRemovalFailedAtStartShouldStayDeliveredNotRemovedUntilATickRemovesIt() throws Exception {
        Plex plex = james.register(PlexConfiguration.RECONCILE_INTERVAL, NO_TICK);
        String key = plex.park(mail("first"));
        await().until(() -> plex.deliveredNotRemoved().size() == 1);

        james.service().unregister(address(PLEX));
        Plex restarted = james.register(PlexConfiguration.RECONCILE_INTERVAL, "100ms");

        await().until(() -> restarted.deliveredNotRemoved().size() == 1);
        assertThat(restarted.queueDepth()).isZero();
        removalFails.set(false);
        await().until(() -> queue.size() == 0 && restarted.deliveredNotRemoved().isEmpty());
        assertThat(restarted.recentReleases()).extracting(Release::key).containsExactly(key);
        deliveredOnceThroughout(Duration.ofMillis(500));
    }

    /** A gauge registry that keeps what is registered, for the test to read. */
    private static GaugeRegistry recording(Map<String, Gauge<?>> gauges) {
        return new GaugeRegistry() {
            @Override
            public <T> GaugeRegistry register(String name, Gauge<T> gauge) {
                gauges.put(name, gauge);
                return this;
            }

            @Override
            public <T> SettableGauge<T> settableGauge(String name) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
