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

package org.mailplex.bench;

import static org.mailplex.it.MailPlexJames.replacing;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.mailplex.it.MailPlexJames;
import org.mailplex.it.reliability.CrashWindowsModule;

/**
 * The James that {@link CrashHarness} kills: a real memory server from the shipped
 * configuration, on the working folder given as argument, with alice, bob and carol on the
 * help plex's roster and a 1 s reconcile tick. It prints one {@code READY smtp=… imap=… webadmin=…} line once it takes
 * mail, then runs until it is killed.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path workingDirectory = Paths.get(args[0]);
        MailPlexJames james = MailPlexJames.fromShippedConf(workingDirectory, conf -> replacing(
            // the memory app forgets users at restart and they are re-created just after it; a 1 s
            // tick lets MailPlex see them back within a second instead of 5
            "<reconcileInterval>5s</reconcileInterval>", "<reconcileInterval>1s</reconcileInterval>").apply(replacing(
            "<operators>alice@mailplex.local, bob@mailplex.local</operators>",
            "<operators>alice@mailplex.local, bob@mailplex.local, carol@mailplex.local</operators>").apply(conf)))
            // the crash window between "delivered" and "removed", where the harness kills James
            .withProperty("extensions.properties", "guice.extension.module", CrashWindowsModule.EXTENSION_MODULES)
            .start();
        // the memory app forgets its users at every start
        james.withDemoUsers();
        System.out.println("READY smtp=" + james.smtpPort() + " imap=" + james.imapPort() + " webadmin=" + james.webAdminPort()
            + " parked=" + james.parked());
        System.out.flush();
        Thread.currentThread().join();
    }
}
