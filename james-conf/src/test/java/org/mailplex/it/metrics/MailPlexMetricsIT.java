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

package org.mailplex.it.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.BOB;
import static org.mailplex.it.MailPlexJames.PLEX;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.MailPlexJamesExtension;

import io.restassured.path.json.JsonPath;

/**
 * {@code /mailplex-metrics} on a real James from the shipped configuration: lint-clean under
 * {@code promtool check metrics}, counters that agree with {@code /stats} across a restart (the
 * deprecated Dropwizard name too), and scraped by a real Prometheus server on loopback whose query
 * API gives a MailPlex series back. Debian's {@code prometheus} package provides both tools; without
 * them a test is skipped on a workstation and fails under CI ({@code CI=true}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailPlexMetricsIT {
    private static final String CUSTOMER = "customer@example.org";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path PROMTOOL = Paths.get("/usr/bin/promtool");
    private static final Path PROMETHEUS = Paths.get("/usr/bin/prometheus");

    @RegisterExtension
    static final MailPlexJamesExtension JAMES = new MailPlexJamesExtension();

    private MailPlexJames james;
    /** The operator the one mail went to (alice, unless her delivery failed), and the other one. */
    private String served;
    private String idle;

    @BeforeAll
    void startJamesAndReleaseOneMail() throws Exception {
        james = JAMES.fromShippedConf().start().withDemoUsers();
        james.smtp().send(CUSTOMER, PLEX, "Count me");
        await().atMost(WAIT).until(() -> james.releasedKeys(PLEX).size() == 1);
        served = given().baseUri(webadmin()).urlEncodingEnabled(false).get("/mailplex/" + PLEX + "/releases")
            .then().statusCode(200).extract().jsonPath().getString("[0].operator");
        idle = served.equals(ALICE) ? BOB : ALICE;
    }

    private String dispatched(String operator, int count) {
        return "mailplex_dispatched_total{plex=\"" + PLEX + "\",operator=\"" + operator + "\"} " + count + "\n";
    }

    private static void requireTool(Path tool) {
        if (!Files.isExecutable(tool)) {
            String missing = "the metrics tests need " + tool + " (apt-get install prometheus)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(missing + ": under CI they must run, not be skipped");
            }
            Assumptions.abort(missing);
        }
    }

    private String webadmin() {
        return "http://127.0.0.1:" + james.webAdminPort();
    }

    private String scrape() {
        return given().baseUri(webadmin()).get("/mailplex-metrics")
            .then().statusCode(200).extract().asString();
    }

    private long dispatchedInStats(String operator) {
        JsonPath stats = given().baseUri(webadmin()).urlEncodingEnabled(false).get("/mailplex/" + PLEX + "/stats")
            .then().statusCode(200).extract().jsonPath();
        return stats.getLong("operators.find { it.operator == '" + operator + "' }.dispatched");
    }

    @Test
    void metricsShouldPassPromtool(@TempDir Path folder) throws Exception {
        requireTool(PROMTOOL);
        Path metrics = folder.resolve("mailplex-metrics.txt");
        Files.writeString(metrics, scrape(), StandardCharsets.UTF_8);

        Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
            .redirectInput(metrics.toFile())
            .redirectErrorStream(true)
            .start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEmpty();
        assertThat(promtool.exitValue()).isZero();
    }

    @Test
    void countersShouldAgreeWithStatsAcrossARestart() throws Exception {
        assertThat(scrape()).contains(dispatched(served, 1));
        assertThat(dispatchedInStats(served)).isEqualTo(1);

        james.restart().withDemoUsers();

        assertThat(dispatchedInStats(served)).isEqualTo(1);
        assertThat(dispatchedInStats(idle)).isZero();
        String labelled = scrape();
        assertThat(labelled).contains(dispatched(served, 1), dispatched(idle, 0),
            "mailplex_loops_total{plex=\"" + PLEX + "\"} 0\n",
            "mailplex_vanished_total{plex=\"" + PLEX + "\"} 0\n",
            "mailplex_reclaimed_total{plex=\"" + PLEX + "\",operator=\"" + ALICE + "\"} 0\n");
        String dropwizard = given().baseUri(webadmin()).get("/metrics").then().statusCode(200).extract().asString();
        assertThat(value(dropwizard, "mailplex_dispatched_help_mailplex_local(?:_total)?")).isEqualTo(1.0);
        assertThat(value(dropwizard, "mailplex_loops_help_mailplex_local(?:_total)?")).isZero();
        assertThat(value(dropwizard, "mailplex_vanished_help_mailplex_local(?:_total)?")).isZero();
        assertThat(value(dropwizard, "mailplex_reclaimed_help_mailplex_local(?:_total)?")).isZero();
    }

    private static double value(String metrics, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(metrics);
        assertThat(matcher.find()).as(name + " in /metrics").isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void prometheusShouldScrapeTheMetrics(@TempDir Path folder) throws Exception {
        requireTool(PROMETHEUS);
        int port = freePort();
        Path config = folder.resolve("prometheus.yml");
        Files.writeString(config, "global:\n"
            + "  scrape_interval: 1s\n"
            + "  evaluation_interval: 1s\n"
            + "scrape_configs:\n"
            + "  - job_name: mailplex\n"
            + "    metrics_path: /mailplex-metrics\n"
            + "    static_configs:\n"
            + "      - targets: ['127.0.0.1:" + james.webAdminPort() + "']\n", StandardCharsets.UTF_8);
        Path log = Paths.get("target", "prometheus-scrape-it.log");
        Files.createDirectories(log.getParent());
        Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
            "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.path=" + folder.resolve("data"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        try {
            String query = "http://127.0.0.1:" + port + "/api/v1/query";
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                JsonPath answer = given().queryParam("query", "mailplex_dispatched_total{operator=\"" + served + "\"}")
                    .get(query).then().statusCode(200).extract().jsonPath();
                assertThat(answer.getString("status")).isEqualTo("success");
                List<String> plexes = answer.getList("data.result.metric.plex", String.class);
                assertThat(plexes).containsExactly(PLEX);
                assertThat(answer.getList("data.result.metric.job", String.class)).containsExactly("mailplex");
                assertThat(Double.parseDouble(answer.getString("data.result[0].value[1]"))).isGreaterThanOrEqualTo(1.0);
            });
            // every query of the shipped Grafana dashboard is valid PromQL and finds MailPlex series
            for (String expression : dashboardQueries()) {
                String promql = expression.replace("$plex", ".*");
                await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    JsonPath answer = given().queryParam("query", promql).get(query).then().statusCode(200).extract().jsonPath();
                    assertThat(answer.getString("status")).as(promql).isEqualTo("success");
                    assertThat(answer.getList("data.result")).as(promql).isNotEmpty();
                });
            }
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    /** The PromQL of every panel of {@code docs/grafana/mailplex-dashboard.json}. */
    private static List<String> dashboardQueries() {
        Path dashboard = Paths.get(System.getProperty("mailplex.conf.dir", "conf")).toAbsolutePath()
            .getParent().getParent().resolve("docs/grafana/mailplex-dashboard.json");
        List<String> expressions = JsonPath.from(dashboard.toFile()).getList("panels.targets.flatten().expr", String.class);
        assertThat(expressions).isNotEmpty();
        return expressions;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
