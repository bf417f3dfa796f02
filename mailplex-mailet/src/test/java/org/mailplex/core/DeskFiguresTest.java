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

package org.mailplex.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DeskFiguresTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final Duration TARGET = Duration.ofMinutes(5);
    private static final List<String> ROSTER = List.of("alice@911.gov", "bob@911.gov", "carol@911.gov");

    @Test
    void serviceLevelShouldCountTheMailsReleasedWithinTheTarget() {
        ServiceLevel level = ServiceLevel.of(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(6),
            Duration.ofHours(1)), TARGET);

        assertThat(level.samples()).isEqualTo(4);
        assertThat(level.withinTarget()).isEqualTo(2);
        assertThat(level.ratio()).isEqualTo(0.5);
    }

    @Test
    void serviceLevelShouldBeFullWhenNothingWasReleased() {
        assertThat(ServiceLevel.of(List.of(), TARGET).ratio()).isEqualTo(1.0);
    }

    @Test
    void fairnessShouldBeOneWhenEveryOperatorGotAsMuch() {
        assertThat(Fairness.jainIndex(List.of(4L, 4L, 4L))).isEqualTo(1.0);
    }

    @Test
    void fairnessShouldBeOneOverNWhenOneOperatorGotEverything() {
        assertThat(Fairness.jainIndex(List.of(9L, 0L, 0L))).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void fairnessShouldFollowJainsFormula() {
        // (1+2+3)² / (3 · (1+4+9)) = 36 / 42
        assertThat(Fairness.jainIndex(List.of(1L, 2L, 3L))).isCloseTo(36.0 / 42, within(1e-9));
    }

    @Test
    void fairnessShouldBeOneWhenNothingWasDispatched() {
        assertThat(Fairness.jainIndex(List.of(0L, 0L))).isEqualTo(1.0);
        assertThat(Fairness.jainIndex(List.of())).isEqualTo(1.0);
    }

    @Test
    void fairnessShouldRefuseANegativeCount() {
        assertThatThrownBy(() -> Fairness.jainIndex(List.of(1L, -1L))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dayReportShouldKeepOnlyTheLastDaysReleases() {
        DayReport report = DayReport.of(List.of(
            release("alice@911.gov", NOW.minus(Duration.ofHours(25)), Duration.ofSeconds(10)),
            release("alice@911.gov", NOW.minus(Duration.ofHours(24)), Duration.ofSeconds(10)),
            release("bob@911.gov", NOW.minus(Duration.ofMinutes(90)), Duration.ofMinutes(3)),
            release("alice@911.gov", NOW.minus(Duration.ofMinutes(10)), Duration.ofMinutes(20)),
            release("alice@911.gov", NOW, Duration.ofSeconds(20))), ROSTER, NOW, TARGET);

        assertThat(report.dispatched()).containsExactly(
            entry("alice@911.gov", 2L),
            entry("bob@911.gov", 1L),
            entry("carol@911.gov", 0L));
        assertThat(report.serviceLevel().samples()).isEqualTo(3);
        assertThat(report.serviceLevel().withinTarget()).isEqualTo(2);
        // (2+1+0)² / (3 · (4+1+0)) = 9 / 15
        assertThat(report.fairness()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void dayReportShouldBinWaitsAndHours() {
        DayReport report = DayReport.of(List.of(
            release("bob@911.gov", NOW.minus(Duration.ofMinutes(90)), Duration.ofMinutes(3)),
            release("alice@911.gov", NOW.minus(Duration.ofMinutes(10)), Duration.ofMinutes(20)),
            release("alice@911.gov", NOW.minus(Duration.ofMinutes(5)), Duration.ofHours(2)),
            release("carol@911.gov", NOW, Duration.ofSeconds(30))), ROSTER, NOW, TARGET);

        // bounds 30s, 1m, 2m, 5m, 10m, 30m, 1h, longer
        assertThat(report.waitCounts()).containsExactly(1L, 0L, 0L, 1L, 0L, 1L, 0L, 1L);
        assertThat(report.releasesPerHour()).hasSize(24);
        assertThat(report.releasesPerHour().get(23)).isEqualTo(3);
        assertThat(report.releasesPerHour().get(22)).isEqualTo(1);
        assertThat(report.releasesPerHour().stream().mapToLong(Long::longValue).sum()).isEqualTo(4);
    }

    @Test
    void dayReportShouldCountReleasesToFormerOperatorsInWaitsButNotInFairness() {
        DayReport report = DayReport.of(List.of(
            release("alice@911.gov", NOW.minus(Duration.ofMinutes(1)), Duration.ofSeconds(5)),
            release("gone@911.gov", NOW.minus(Duration.ofMinutes(1)), Duration.ofSeconds(5))),
            List.of("alice@911.gov"), NOW, TARGET);

        assertThat(report.serviceLevel().samples()).isEqualTo(2);
        assertThat(report.dispatched()).containsOnlyKeys("alice@911.gov");
        assertThat(report.fairness()).isEqualTo(1.0);
    }

    private static Release release(String operator, Instant releasedAt, Duration waited) {
        QueueKeys keys = new QueueKeys(new MutableClock(releasedAt.minus(waited)), "0000000a");
        return new Release(keys.next(), operator, Optional.empty(), releasedAt);
    }
}
