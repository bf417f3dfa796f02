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

package org.mailplex.it.reliability;

import org.mailplex.core.StepPauses;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;

/**
 * For crash tests only: a pause between two steps whose order is a guarantee, so that a test can
 * kill James inside it on purpose. Listed after {@code MailPlexModule} in a crash test's
 * {@code extensions.properties}; the pauses come from system properties in milliseconds
 * ({@value #RELEASE_WINDOW}, {@value #RECLAIM_WINDOW}), absent or 0 for none.
 */
public final class CrashWindowsModule extends AbstractModule {
    public static final String RELEASE_WINDOW = "mailplex.test.releaseWindowMillis";
    public static final String RECLAIM_WINDOW = "mailplex.test.reclaimWindowMillis";
    public static final String EXTENSION_MODULES = "org.mailplex.james.MailPlexModule," + CrashWindowsModule.class.getName();

    @Override
    protected void configure() {
        long release = Long.getLong(RELEASE_WINDOW, 0);
        long reclaim = Long.getLong(RECLAIM_WINDOW, 0);
        OptionalBinder.newOptionalBinder(binder(), StepPauses.class).setBinding().toInstance(new StepPauses() {
            @Override
            public void afterDelivered(String plex, String key) {
                pause(release);
            }

            @Override
            public void afterPutBack(String plex, String key) {
                pause(reclaim);
            }
        });
    }

    private static void pause(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
