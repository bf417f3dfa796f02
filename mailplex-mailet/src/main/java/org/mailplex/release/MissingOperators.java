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

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.mailplex.core.PlexScheduler;
import org.mailplex.mailbox.OperatorMailboxes;
import org.mailplex.mailbox.UnreachableMailboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Roster operators who are not James users: each is marked unavailable (shown as {@code
 * "unavailable"}, given nothing) while it lasts, with one WARN when it starts and one INFO when it
 * ends, instead of a stack trace on every tick. Used on the release loop.
 */
final class MissingOperators {
    private static final Logger LOGGER = LoggerFactory.getLogger(MissingOperators.class);

    private final String plex;
    private final PlexScheduler scheduler;
    private final Set<String> missing = ConcurrentHashMap.newKeySet();

    MissingOperators(String plex, PlexScheduler scheduler) {
        this.plex = plex;
        this.scheduler = scheduler;
    }

    /** Reading her mailbox failed with {@code failure}: true when it is because she is no James user (then handled here). */
    boolean readFailed(String operator, Exception failure) {
        if (isUnreachable(failure)) {
            scheduler.markUnavailable(operator);
            if (missing.add(operator)) {
                LOGGER.warn("MailPlex {}: the mailbox of roster operator {} cannot be reached ({}); she gets no mail until it answers",
                    plex, operator, failure.getMessage());
            }
            return true;
        }
        if (!isNotAUser(failure)) {
            return false;
        }
        scheduler.markUnavailable(operator);
        if (missing.add(operator)) {
            LOGGER.warn("MailPlex {}: roster operator {} is not a James user; she gets no mail until the user exists or she "
                + "leaves the roster", plex, operator);
        }
        return true;
    }

    /** Her mailbox was read. */
    void readOk(String operator) {
        if (missing.remove(operator)) {
            scheduler.markAvailable(operator);
            LOGGER.info("MailPlex {}: the mailbox of roster operator {} can be read again; she takes mail again", plex, operator);
        }
    }

    boolean isMissing(String operator) {
        return missing.contains(operator);
    }

    private static boolean isUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnreachableMailboxException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNotAUser(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OperatorMailboxes.NotAUserException) {
                return true;
            }
        }
        return false;
    }
}
