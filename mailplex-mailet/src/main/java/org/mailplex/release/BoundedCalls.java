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

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.mailplex.core.CallBound;

/**
 * The mailbox and repository calls made for one plex (its release loop, reclaims and notices,
 * start-up recovery, the lease holder's queue sync, admins' actions), run on a few worker threads
 * so that none is waited for longer than the plex's {@code callTimeout}. A hung backend takes at
 * most {@value #MAX_CALLS} threads; past that a call is refused at once.
 */
public final class BoundedCalls implements CallBound {
    static final int MAX_CALLS = 8;

    /** A call that may throw anything checked. */
    interface Call {
        void run() throws Exception;
    }

    private final Duration timeout;
    private final ExecutorService workers;
    private final Set<String> busyLanes = ConcurrentHashMap.newKeySet();

    public BoundedCalls(String name, Duration timeout) {
        this.timeout = timeout;
        this.workers = new ThreadPoolExecutor(0, MAX_CALLS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    /** The call's result, or its own exception, or a {@link TimeoutException} once the timeout passed. */
    @Override
    public <T> T call(Callable<T> call) throws Exception {
        return await(workers.submit(call));
    }

    private <T> T await(Future<T> future) throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw e;
        }
    }

    @Override
    public <T> T call(String lane, Callable<T> call) throws Exception {
        if (!busyLanes.add(lane)) {
            throw new RejectedExecutionException("the last call of " + lane + " has not ended yet");
        }
        boolean submitted = false;
        try {
            Callable<T> inLane = () -> {
                try {
                    return call.call();
                } finally {
                    busyLanes.remove(lane);
                }
            };
            Future<T> future = workers.submit(inLane);
            submitted = true;
            return await(future);
        } finally {
            if (!submitted) {
                busyLanes.remove(lane);
            }
        }
    }

    /** Starts a call whose outcome the caller waits for, or settles later when it outlasts the timeout. */
    CompletableFuture<Void> start(Call call) {
        try {
            return CompletableFuture.runAsync(() -> {
                try {
                    call.run();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, workers);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public <T> CompletableFuture<T> supply(Callable<T> call) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return call.call();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, workers);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public void shutdown() {
        workers.shutdownNow();
    }
}
