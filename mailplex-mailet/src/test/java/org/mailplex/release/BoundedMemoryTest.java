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

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailplex.core.BoundedKeys;

/** What is remembered per mail for the release path stays bounded, whatever the server's uptime. */
class BoundedMemoryTest {
    private static String key(int i) {
        return String.format("%013d-000000-00000000", 1_700_000_000_000L + i);
    }

    @Test
    void attemptsShouldKeepOnlyTheNewestMailsStillTrying() {
        MailFailures failures = new MailFailures();
        for (int i = 0; i < MailFailures.MAX_TRACKED + 500; i++) {
            failures.failed(key(i));
        }

        assertThat(failures.tracked()).isEqualTo(MailFailures.MAX_TRACKED);
        assertThat(failures.attempts(key(0))).isZero();
        assertThat(failures.attempts(key(MailFailures.MAX_TRACKED + 499))).isEqualTo(1);
    }

    @Test
    void boundedKeysShouldDropTheOldestKeyPastTheLimit() {
        BoundedKeys keys = new BoundedKeys(3);
        for (int i = 0; i < 5; i++) {
            assertThat(keys.add(key(i))).isTrue();
        }

        assertThat(keys.size()).isEqualTo(3);
        assertThat(keys.contains(key(1))).isFalse();
        assertThat(keys.contains(key(4))).isTrue();
        assertThat(keys.add(key(4))).isFalse();
    }
}
