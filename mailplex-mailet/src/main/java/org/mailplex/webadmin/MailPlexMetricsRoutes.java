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

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.Routes;
import org.mailplex.admin.MailPlexAdministration;
import org.mailplex.admin.PlexMetrics;
import org.mailplex.admin.PlexReports;
import org.mailplex.core.DayReport;
import org.mailplex.core.OperatorState;
import org.mailplex.plex.Plex;
import org.mailplex.state.PlexState;
import org.mailplex.state.WaitPercentiles;
import org.mailplex.webadmin.dto.OperatorDto;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * MailPlex's metrics in Prometheus's text format at {@code GET /mailplex-metrics}: one family per
 * figure, the plex and the operator as labels, base units, counters ending in {@code _total}.
 * Public, as James's own {@code /metrics} is. Counters of dispatched and reclaimed mails are the
 * durable counts {@code /mailplex/{plex}/stats} shows, so they survive restarts; loops and
 * vanished mails count since James started. Every family is written even before its first event.
 * List it in {@code webadmin.properties} {@code extensions.routes}.
 */
public class MailPlexMetricsRoutes implements Routes, PublicRoutes {
    public static final String BASE_PATH = "/mailplex-metrics";
    /** The statuses {@code mailplex_operators} counts, each present at zero. */
    static final List<String> STATUSES = List.of(OperatorDto.FREE, OperatorDto.BUSY, OperatorDto.PAUSED, OperatorDto.AWAY,
        OperatorDto.REFUSING, OperatorDto.UNAVAILABLE);
    private static final String PLEX = "plex";
    private static final String OPERATOR = "operator";
    private static final String STATUS = "status";
    private static final String QUANTILE = "quantile";

    private final MailPlexAdministration administration;
    private final PlexMetrics metrics;
    private final PlexReports reports;
    private final Clock clock;

    @Inject
    public MailPlexMetricsRoutes(MailPlexAdministration administration, PlexMetrics metrics, Clock clock) {
        this.administration = administration;
        this.metrics = metrics;
        this.reports = new PlexReports(clock, administration);
        this.clock = clock;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::metrics);
    }

    private String metrics(Request request, Response response) {
        response.type(PrometheusText.CONTENT_TYPE);
        return write(administration.plexes());
    }

    /** Every family, then every plex's samples in it. */
    String write(List<Plex> plexes) {
        Map<Plex, PlexState> states = new LinkedHashMap<>();
        Map<Plex, DayReport> days = new LinkedHashMap<>();
        plexes.forEach(plex -> states.put(plex, administration.state(plex)));
        plexes.forEach(plex -> days.put(plex, reports.lastDay(plex)));
        PrometheusText text = new PrometheusText();

        text.family("mailplex_queue_depth", "gauge", "Mails parked in the plex's queue, waiting for an operator.");
        plexes.forEach(plex -> text.sample("mailplex_queue_depth", plex.queueDepth(), PLEX, plex.name()));
        text.family("mailplex_oldest_wait_seconds", "gauge", "How long the oldest parked mail has waited so far; 0 when the queue is empty.");
        plexes.forEach(plex -> text.sample("mailplex_oldest_wait_seconds", oldestWaitSeconds(plex), PLEX, plex.name()));
        text.family("mailplex_stuck_mails", "gauge", "Mails no operator could take, set aside for an admin.");
        plexes.forEach(plex -> text.sample("mailplex_stuck_mails", plex.stuckCount(), PLEX, plex.name()));
        text.family("mailplex_finished_at_start", "gauge", "Releases the last run had delivered but not finished, finished at this start.");
        plexes.forEach(plex -> text.sample("mailplex_finished_at_start", plex.finishedAtStart(), PLEX, plex.name()));

        text.family("mailplex_operators", "gauge", "Operators of the plex by status.");
        plexes.forEach(plex -> text.samples("mailplex_operators", STATUS, statusCounts(plex), PLEX, plex.name()));
        text.family("mailplex_operator_held_mails", "gauge", "Mails the operator holds in her operator mailbox, as the rule counts them.");
        plexes.forEach(plex -> plex.operatorStates().forEach(operator ->
            text.sample("mailplex_operator_held_mails", operator.held(), PLEX, plex.name(), OPERATOR, operator.name())));
        text.family("mailplex_operator_capacity_mails", "gauge", "How many held mails still leave the operator free.");
        plexes.forEach(plex -> plex.operatorStates().forEach(operator ->
            text.sample("mailplex_operator_capacity_mails", operator.capacity(), PLEX, plex.name(), OPERATOR, operator.name())));
        text.family("mailplex_operator_status", "gauge", "1 for the operator's status now, 0 for the others.");
        plexes.forEach(plex -> plex.operatorStates().forEach(operator -> {
            String status = OperatorDto.status(operator);
            STATUSES.forEach(each -> text.sample("mailplex_operator_status", each.equals(status) ? 1 : 0,
                PLEX, plex.name(), OPERATOR, operator.name(), STATUS, each));
        }));

        text.family("mailplex_dispatched_total", "counter", "Mails released to the operator, counted across restarts as /mailplex/{plex}/stats counts them.");
        plexes.forEach(plex -> text.samples("mailplex_dispatched_total", OPERATOR,
            perOperator(plex, states.get(plex).dispatched()), PLEX, plex.name()));
        text.family("mailplex_reclaimed_total", "counter", "Mails taken back from the operator unopened, counted across restarts.");
        plexes.forEach(plex -> text.samples("mailplex_reclaimed_total", OPERATOR,
            perOperator(plex, states.get(plex).reclaimed()), PLEX, plex.name()));
        text.family("mailplex_loops_total", "counter", "Mails this plex delivered that came back to it and were set aside, since James started.");
        plexes.forEach(plex -> text.sample("mailplex_loops_total", metrics.loops(plex.name()), PLEX, plex.name()));
        text.family("mailplex_vanished_total", "counter", "Parked mails gone from the queue when their turn came, since James started.");
        plexes.forEach(plex -> text.sample("mailplex_vanished_total", metrics.vanished(plex.name()), PLEX, plex.name()));

        text.family("mailplex_wait_seconds", "summary",
            "Time waited in the queue before release, over the recent waits /mailplex/{plex}/stats shows (quantile 1 is the longest).");
        plexes.forEach(plex -> {
            WaitPercentiles waits = administration.waits(plex);
            text.sample("mailplex_wait_seconds", seconds(waits.p50Millis()), PLEX, plex.name(), QUANTILE, "0.5");
            text.sample("mailplex_wait_seconds", seconds(waits.p95Millis()), PLEX, plex.name(), QUANTILE, "0.95");
            text.sample("mailplex_wait_seconds", seconds(waits.maxMillis()), PLEX, plex.name(), QUANTILE, "1");
        });
        text.family("mailplex_service_level_ratio", "gauge",
            "Share of the last 24 hours' releases that waited no longer than the plex's serviceLevelTarget; 1 when nothing was released.");
        plexes.forEach(plex -> text.sample("mailplex_service_level_ratio", days.get(plex).serviceLevel().ratio(), PLEX, plex.name()));
        text.family("mailplex_service_level_target_seconds", "gauge", "The plex's serviceLevelTarget.");
        plexes.forEach(plex -> text.sample("mailplex_service_level_target_seconds",
            seconds(plex.configuration().serviceLevelTarget().toMillis()), PLEX, plex.name()));
        text.family("mailplex_fairness_index", "gauge",
            "Jain's fairness index over the mails each roster operator was given in the last 24 hours; 1 is perfectly even.");
        plexes.forEach(plex -> text.sample("mailplex_fairness_index", days.get(plex).fairness(), PLEX, plex.name()));
        return text.toString();
    }

    private Map<String, Long> statusCounts(Plex plex) {
        Map<String, Long> counts = new LinkedHashMap<>();
        STATUSES.forEach(status -> counts.put(status, 0L));
        for (OperatorState operator : plex.operatorStates()) {
            counts.merge(OperatorDto.status(operator), 1L, Long::sum);
        }
        return counts;
    }

    /** Every roster operator, at zero when the state has no count for her, then any former operator's count. */
    private static Map<String, Long> perOperator(Plex plex, Map<String, Long> counts) {
        Map<String, Long> all = new LinkedHashMap<>();
        plex.configuration().roster().operators().forEach(operator -> all.put(operator, counts.getOrDefault(operator, 0L)));
        new TreeMap<>(counts).forEach(all::putIfAbsent);
        return all;
    }

    private double oldestWaitSeconds(Plex plex) {
        return plex.oldestWaitingSince()
            .map(parkedAt -> Duration.between(parkedAt, clock.instant()))
            .filter(waited -> !waited.isNegative())
            .map(waited -> seconds(waited.toMillis()))
            .orElse(0.0);
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }
}
