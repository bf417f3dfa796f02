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

/**
 * Test only: a pause between two steps whose order is a guarantee, so a crash test can kill James
 * inside it on purpose. Set by a system property in milliseconds; absent or 0, there is none.
 */
public final class CrashWindow {
    /** Between marking a mail delivered and taking it out of the queue. */
    public static final CrashWindow RELEASE = new CrashWindow(Long.getLong("mailplex.test.releaseWindowMillis", 0));
    /** Between putting a reclaimed mail back into the queue and removing it from the operator's mailbox. */
    public static final CrashWindow RECLAIM = new CrashWindow(Long.getLong("mailplex.test.reclaimWindowMillis", 0));

    private final long millis;

    private CrashWindow(long millis) {
        this.millis = millis;
    }

    public void pause() {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
