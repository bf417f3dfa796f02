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

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class QueueKeysTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void keysShouldSortByArrivalWithinOneMillisecond() {
        QueueKeys keys = new QueueKeys(new MutableClock(NOW), "0000000a");
        String first = keys.next();
        String second = keys.next();

        assertThat(first).isLessThan(second);
        assertThat(QueueKeys.parkedAt(first)).contains(NOW);
    }

    @Test
    void keysShouldSortAfterTheNewestParkedKeyWhenTheClockIsBehind() {
        String newestOfLastRun = new QueueKeys(new MutableClock(NOW.plus(Duration.ofDays(1))), "0000000b").next();
        QueueKeys keys = new QueueKeys(new MutableClock(NOW), "0000000a");

        keys.continueAfter(newestOfLastRun);

        assertThat(keys.next()).isGreaterThan(newestOfLastRun);
        assertThat(keys.next()).isGreaterThan(newestOfLastRun);
    }

    @Test
    void keysShouldSortAfterTheNewestParkedKeyOfTheSameMillisecondWhateverItsNode() {
        QueueKeys lastRun = new QueueKeys(new MutableClock(NOW), "ffffffff");
        lastRun.next();
        String newest = lastRun.next();
        QueueKeys keys = new QueueKeys(new MutableClock(NOW), "00000000");

        keys.continueAfter(newest);

        assertThat(keys.next()).isGreaterThan(newest);
    }

    @Test
    void continuingAfterAnOlderKeyShouldChangeNothing() {
        MutableClock clock = new MutableClock(NOW);
        QueueKeys keys = new QueueKeys(clock, "0000000a");
        String older = new QueueKeys(new MutableClock(NOW.minusSeconds(60)), "0000000b").next();

        keys.continueAfter(older);
        keys.continueAfter("not-a-key");
        keys.continueAfter(null);

        assertThat(QueueKeys.parkedAt(keys.next())).contains(NOW);
    }
}
