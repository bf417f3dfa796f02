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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.core.quota.QuotaCountUsage;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.OverQuotaException;
import org.apache.james.mime4j.MimeException;
import org.junit.jupiter.api.Test;

/** Whose fault a failed delivery is, and how a mail that failed because of itself steps aside: the policy alone. */
class MailFailuresTest {
    private static final OverQuotaException OVER_QUOTA = new OverQuotaException(QuotaCountLimit.count(1), QuotaCountUsage.count(1));

    @Test
    void overQuotaShouldBeARefusalByTheOperatorsMailbox() {
        assertThat(MailFailures.isRefusal(OVER_QUOTA)).isTrue();
        assertThat(MailFailures.isRefusal(new MailboxException("append failed", OVER_QUOTA))).isTrue();
    }

    @Test
    void anIoFailureOfTheMailboxShouldBeARefusal() {
        assertThat(MailFailures.isRefusal(new UncheckedIOException(new IOException("disk full")))).isTrue();
    }

    @Test
    void unreadableMimeShouldBeTheMailsFaultNotARefusal() {
        Exception unreadable = new IOException("cannot parse", new MimeException("bad header"));

        assertThat(MailFailures.isRefusal(unreadable)).isFalse();
        assertThat(MailFailures.isTheMails(unreadable)).isTrue();
    }

    @Test
    void anErrorSuchAsOutOfMemoryShouldBeTheMails() {
        Exception wrapped = new RuntimeException(new OutOfMemoryError("too big"));

        assertThat(MailFailures.isTheMails(wrapped)).isTrue();
        assertThat(MailFailures.isRefusal(wrapped)).isFalse();
    }

    @Test
    void aFailingMailboxShouldBeTheOperatorsNotTheMails() {
        assertThat(MailFailures.isTheMails(new MailboxException("backend down"))).isFalse();
        assertThat(MailFailures.isTheMails(new TimeoutException("call timed out"))).isFalse();
        assertThat(MailFailures.isRefusal(new MailboxException("backend down"))).isFalse();
    }

    @Test
    void aFailedMailShouldStepAsideLongerAtEachAttemptThenBeSetAside() {
        MailFailures failures = new MailFailures();

        assertThat(failures.failed("k1")).contains(Duration.ofSeconds(MailFailures.BACKOFF_SECONDS));
        assertThat(failures.failed("k1")).contains(Duration.ofSeconds(2 * MailFailures.BACKOFF_SECONDS));
        assertThat(failures.failed("k1")).isEmpty();
        assertThat(failures.attempts("k1")).isZero();
    }

    @Test
    void attemptsShouldBeCountedPerMail() {
        MailFailures failures = new MailFailures();
        failures.failed("k1");
        failures.failed("k1");

        assertThat(failures.failed("k2")).contains(Duration.ofSeconds(MailFailures.BACKOFF_SECONDS));
        assertThat(failures.attempts("k1")).isEqualTo(2);
    }

    @Test
    void aForgottenMailShouldStartAgainFromItsFirstAttempt() {
        MailFailures failures = new MailFailures();
        failures.failed("k1");
        failures.failed("k1");

        failures.forget("k1");

        assertThat(failures.attempts("k1")).isZero();
        assertThat(failures.failed("k1")).contains(Duration.ofSeconds(MailFailures.BACKOFF_SECONDS));
    }

    @Test
    void trackedAttemptsShouldStayBounded() {
        MailFailures failures = new MailFailures();

        for (int index = 0; index < MailFailures.MAX_TRACKED + 500; index++) {
            failures.failed(String.format("key-%08d", index));
        }

        assertThat(failures.tracked()).isEqualTo(MailFailures.MAX_TRACKED);
        assertThat(failures.attempts(String.format("key-%08d", MailFailures.MAX_TRACKED + 499))).isEqualTo(1);
    }
}
