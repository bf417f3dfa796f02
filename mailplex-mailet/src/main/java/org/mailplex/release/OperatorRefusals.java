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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mailplex.core.Assignment;
import org.mailplex.core.PlexScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails an operator's mailbox refused (over quota, an I/O failure): a failure of that mail with
 * that operator, not of the mail. The mail waits again at its place for anyone but her, and is set
 * aside only once every operator on duty refused it. An operator whose mailbox refuses
 * {@value #REFUSALS_IN_A_ROW} mails in a row is marked refusing (shown as {@code "refusing"} in
 * webadmin, counted by the {@code mailplex_refusing} gauge) and gets nothing until her mailbox is
 * seen holding fewer messages, or until {@code retryAfter} has passed: then she is tried with one
 * more mail. Used on the release loop.
 */
final class OperatorRefusals {
    static final int REFUSALS_IN_A_ROW = 2;
    /** A refusing operator is tried again after this many reconcile intervals. */
    static final int RETRY_AFTER_INTERVALS = 12;

    private static final Logger LOGGER = LoggerFactory.getLogger(OperatorRefusals.class);

    private final String plex;
    private final PlexScheduler scheduler;
    private final Clock clock;
    private final Duration retryAfter;
    private final Map<String, Integer> inARow = new ConcurrentHashMap<>();
    private final Map<String, Instant> refusingSince = new ConcurrentHashMap<>();

    OperatorRefusals(String plex, PlexScheduler scheduler, Clock clock, Duration reconcileInterval) {
        this.plex = plex;
        this.scheduler = scheduler;
        this.clock = clock;
        this.retryAfter = reconcileInterval.multipliedBy(RETRY_AFTER_INTERVALS);
    }

    /** The operator's mailbox refused the assigned mail; true when every operator on duty refused it: it is to be set aside. */
    boolean refused(Assignment assignment, Throwable failure) {
        String operator = assignment.operator();
        scheduler.refuse(assignment);
        int count = inARow.merge(operator, 1, Integer::sum);
        if (!scheduler.roster().contains(operator)) {
            // taken off the roster while this delivery was in flight: nothing more to mark
            inARow.remove(operator);
            LOGGER.info("MailPlex {}: the mailbox of {}, no longer on the roster, refused {} ({}); it goes to another operator", plex,
                operator, assignment.key(), failure.toString());
        } else if (count >= REFUSALS_IN_A_ROW && !scheduler.operator(operator).refusing()) {
            scheduler.markRefusing(operator);
            refusingSince.put(operator, clock.instant());
            LOGGER.warn("MailPlex {}: the mailbox of {} refused {} mails in a row (last: {}); she gets no mail until it holds fewer "
                + "messages, or for {}", plex, operator, count, failure.toString(), retryAfter);
        } else {
            LOGGER.info("MailPlex {}: the mailbox of {} refused {} ({}); it goes to another operator", plex, operator,
                assignment.key(), failure.toString());
        }
        return scheduler.refusedByEveryoneOnDuty(assignment.key());
    }

    /** Her mailbox took a mail: her refusals in a row start again from zero. */
    void delivered(String operator) {
        inARow.remove(operator);
        refusingSince.remove(operator);
    }

    /** On each reconcile tick: an operator refusing for {@code retryAfter} is tried with one more mail. */
    void tick() {
        Instant now = clock.instant();
        refusingSince.forEach((operator, since) -> {
            if (!scheduler.roster().contains(operator)) {
                // taken off the roster: her refusals are over
                refusingSince.remove(operator);
                inARow.remove(operator);
                return;
            }
            boolean stillRefusing = scheduler.operator(operator).refusing();
            if (!stillRefusing || !now.isBefore(since.plus(retryAfter))) {
                refusingSince.remove(operator);
                // one more refusal marks her refusing again at once
                inARow.put(operator, REFUSALS_IN_A_ROW - 1);
                if (stillRefusing) {
                    scheduler.markAccepting(operator);
                    LOGGER.info("MailPlex {}: {} has been refusing mail for {}; trying her mailbox again", plex, operator, retryAfter);
                }
            }
        });
    }
}
