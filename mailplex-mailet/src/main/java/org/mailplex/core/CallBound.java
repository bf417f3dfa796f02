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

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * The bound on every mailbox and repository call made for one plex: a call runs on a few worker
 * threads of the plex, and its caller waits for it at most {@link #timeout()}. A hung backend
 * holds a worker, never the plex's loop.
 */
public interface CallBound {
    /** The plex's {@code callTimeout}. */
    Duration timeout();

    /** The call's result, or its own exception, or a {@code TimeoutException} once the timeout passed. */
    <T> T call(Callable<T> call) throws Exception;

    /**
     * Like {@link #call(Callable)}, but one call of {@code lane} at a time: while the last call of
     * that lane has not really ended (it outlasted its wait and still holds a worker), the next is
     * refused at once, so a read that hangs every time holds one worker, not all of them.
     */
    <T> T call(String lane, Callable<T> call) throws Exception;

    /**
     * Starts a call whose outcome the caller waits for ({@link #timeout()} at most) or settles
     * later, when it outlasts the wait: for a call that changes something, whose late end must not
     * be ignored. Refused at once (a failed future) when every worker is taken.
     */
    <T> CompletableFuture<T> supply(Callable<T> call);
}
