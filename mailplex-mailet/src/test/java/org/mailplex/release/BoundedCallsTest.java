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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedCallsTest {
    private final BoundedCalls calls = new BoundedCalls("bounded-calls-test", Duration.ofMillis(200));
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void release() {
        never.countDown();
        calls.shutdown();
    }

    @Test
    void aCallShouldAnswerItsResult() throws Exception {
        assertThat(calls.call(() -> "held 2")).isEqualTo("held 2");
    }

    @Test
    void aCallShouldRethrowItsOwnCheckedException() {
        assertThatThrownBy(() -> calls.call(() -> {
            throw new IOException("disk gone");
        })).isInstanceOf(IOException.class).hasMessage("disk gone");
    }

    @Test
    void aHungCallShouldTimeOutAfterTheTimeoutNotHangTheCaller() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> calls.call(() -> never.await(1, TimeUnit.HOURS))).isInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void callsPastTheWorkerBoundShouldBeRefusedAtOnce() {
        List<CompletableFuture<Void>> hung = new ArrayList<>();
        for (int i = 0; i < BoundedCalls.MAX_CALLS; i++) {
            hung.add(calls.start(() -> never.await()));
        }
        assertThat(hung).noneMatch(CompletableFuture::isDone);

        CompletableFuture<Void> refused = calls.start(() -> never.await());

        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> calls.call(() -> "held 0")).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aStartedCallShouldCompleteWithItsFailure() {
        CompletableFuture<Void> failed = calls.start(() -> {
            throw new IOException("over quota");
        });

        assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .hasRootCauseInstanceOf(IOException.class).hasRootCauseMessage("over quota");
    }
}
