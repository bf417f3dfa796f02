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

package org.mailplex.webadmin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.BOB;
import static org.mailplex.plex.MemoryMailPlex.PLEX;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.admin.PlexMetrics;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.MutableClock;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.Plex;

/**
 * {@code /mailplex-metrics} in James's own webadmin server, on a real MailPlexService over James's
 * in-memory parts. Both operators start paused, so mails stay parked until a test resumes one.
 */
class MailPlexMetricsRoutesTest {
    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");
    private static final String HELP = "plex=\"" + PLEX + "\"";

    @TempDir
    Path stateFolder;

    private MutableClock clock;
    private MemoryMailPlex james;
    private Plex plex;
    private WebAdminServer server;

    @BeforeEach
    void setUp() throws Exception {
        clock = new MutableClock(START);
        james = MemoryMailPlex.builder(stateFolder).clock(clock).build();
        plex = james.register(PlexConfiguration.RECONCILE_INTERVAL, "1h");
        james.administration().pause(plex, ALICE);
        james.administration().pause(plex, BOB);
        await().until(() -> plex.scheduler().operators().stream().allMatch(operator -> operator.observedHeld().isPresent()));
        server = WebAdminUtils.createWebAdminServer(new MailPlexMetricsRoutes(james.administration(),
            james.metrics(), clock)).start();
    }

    @AfterEach
    void tearDown() {
        server.destroy();
        james.close();
    }

    private String scrape() {
        return given().spec(WebAdminUtils.buildRequestSpecification(server).build())
            .get(MailPlexMetricsRoutes.BASE_PATH)
        .then()
            .statusCode(200)
            .contentType("text/plain; version=0.0.4; charset=utf-8")
            .extract().asString();
    }

    /** Parks one mail, lets it wait, then resumes {@code operator} until she has it, and pauses her again. */
    private void releaseOneTo(String operator, Duration waited) throws Exception {
        long before = james.state().state(PLEX).dispatched(operator);
        plex.park(mail("a question"));
        clock.advance(waited);
        james.administration().resume(plex, operator);
        await().until(() -> james.state().state(PLEX).dispatched(operator) == before + 1);
        james.administration().pause(plex, operator);
    }

    @Test
    void everyFamilyShouldBeThereAtZeroBeforeAnyEvent() {
        assertThat(scrape()).contains(
            "# TYPE mailplex_dispatched_total counter\n",
            "mailplex_dispatched_total{" + HELP + ",operator=\"" + ALICE + "\"} 0\n",
            "mailplex_dispatched_total{" + HELP + ",operator=\"" + BOB + "\"} 0\n",
            "mailplex_reclaimed_total{" + HELP + ",operator=\"" + ALICE + "\"} 0\n",
            "mailplex_loops_total{" + HELP + "} 0\n",
            "mailplex_vanished_total{" + HELP + "} 0\n",
            "mailplex_queue_depth{" + HELP + "} 0\n",
            "mailplex_stuck_mails{" + HELP + "} 0\n",
            "mailplex_operators{" + HELP + ",status=\"paused\"} 2\n",
            "mailplex_operators{" + HELP + ",status=\"away\"} 0\n",
            "mailplex_operator_status{" + HELP + ",operator=\"" + ALICE + "\",status=\"paused\"} 1\n",
            "mailplex_wait_seconds{" + HELP + ",quantile=\"0.95\"} 0\n",
            "mailplex_service_level_ratio{" + HELP + "} 1\n",
            "mailplex_service_level_target_seconds{" + HELP + "} 300\n",
            "mailplex_fairness_index{" + HELP + "} 1\n");
    }

    @Test
    void countersAndFiguresShouldFollowReleases() throws Exception {
        releaseOneTo(BOB, Duration.ofSeconds(90));

        assertThat(scrape()).contains(
            "mailplex_dispatched_total{" + HELP + ",operator=\"" + BOB + "\"} 1\n",
            "mailplex_dispatched_total{" + HELP + ",operator=\"" + ALICE + "\"} 0\n",
            "mailplex_operator_held_mails{" + HELP + ",operator=\"" + BOB + "\"} 1\n",
            "mailplex_service_level_ratio{" + HELP + "} 1\n",
            // one operator of two took everything: 1/n
            "mailplex_fairness_index{" + HELP + "} 0.5\n");

        releaseOneTo(ALICE, Duration.ofMinutes(10));

        assertThat(scrape()).contains(
            "mailplex_dispatched_total{" + HELP + ",operator=\"" + ALICE + "\"} 1\n",
            "mailplex_wait_seconds{" + HELP + ",quantile=\"1\"} 600\n",
            "mailplex_service_level_ratio{" + HELP + "} 0.5\n",
            "mailplex_fairness_index{" + HELP + "} 1\n");
    }

    @Test
    void queueDepthAndOldestWaitShouldShowParkedMail() throws Exception {
        plex.park(mail("waiting"));
        clock.advance(Duration.ofSeconds(42));

        assertThat(scrape()).contains(
            "mailplex_queue_depth{" + HELP + "} 1\n",
            "mailplex_oldest_wait_seconds{" + HELP + "} 42\n");
    }

    @Test
    void deprecatedCountersShouldStartAtTheKeptCountAfterARestart() throws Exception {
        releaseOneTo(BOB, Duration.ofSeconds(1));
        // a restarted James: a fresh metric registry over the state kept on disk
        RecordingMetricFactory afterRestart = new RecordingMetricFactory();

        new PlexMetrics(afterRestart, new NoopGaugeRegistry(), james.state(), james::service).started(plex.name());

        assertThat(afterRestart.countFor(PlexMetrics.DISPATCHED + PLEX)).isEqualTo(1);
        assertThat(afterRestart.countFor(PlexMetrics.RECLAIMED + PLEX)).isZero();
        assertThat(afterRestart.countFor(PlexMetrics.LOOPS + PLEX)).isZero();
    }

    @Test
    void labelValuesShouldBeEscaped() {
        String text = new PrometheusText()
            .family("mailplex_test", "gauge", "A test.")
            .sample("mailplex_test", 1.5, "operator", "a\"b\\c\nd")
            .toString();

        assertThat(text).isEqualTo("# HELP mailplex_test A test.\n# TYPE mailplex_test gauge\n"
            + "mailplex_test{operator=\"a\\\"b\\\\c\\nd\"} 1.5\n");
    }
}
