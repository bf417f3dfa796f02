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

package org.mailplex.it.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.james.utils.DataProbeImpl;
import org.mailplex.it.MailPlexJames;

/**
 * The partner's mail server: a second, real James in a JVM of its own (two James servers in one
 * JVM collide on their JMX names), on fixed loopback ports so that it comes back where it was,
 * with dave as its user. Stopping it kills the process: the server is gone as when it crashes.
 */
final class PartnerJames implements AutoCloseable {
    static final String DOMAIN = "partner.test";
    static final String DAVE = "dave@" + DOMAIN;

    private final Process process;

    /** Runs in the partner's JVM: args are its folder, IMAP port, SMTP port, and whether its IMAP offers IDLE. */
    public static final class Main {
        private Main() {
        }

        public static void main(String[] args) throws Exception {
            // a partner's server runs no MailPlex: it keeps the X-MailPlex headers of the mail it receives
            MailPlexJames james = MailPlexJames.fromShippedConf(Paths.get(args[0]), MailPlexJames.replacing(
                "<name>X-MailPlex-Plex,X-MailPlex-Operator,X-MailPlex-Queued-At,X-MailPlex-Ticket,X-MailPlex-Signature,"
                    + "X-MailPlex-Reclaimed,X-MailPlex-Notice</name>", "<name>X-Partner-Unused</name>"))
                .editing("imapserver.xml", content -> content.replaceFirst("<bind>127\\.0\\.0\\.1:0</bind>", "<bind>127.0.0.1:" + args[1] + "</bind>"))
                .editing("imapserver.xml", content -> Boolean.parseBoolean(args[3]) ? content : MailPlexJames.replacing(
                    "<plainAuthDisallowed>false</plainAuthDisallowed>",
                    "<plainAuthDisallowed>false</plainAuthDisallowed>\n        <disabledCaps>IDLE</disabledCaps>").apply(content))
                .editing("smtpserver.xml", content -> content.replaceFirst("<bind>127\\.0\\.0\\.1:0</bind>", "<bind>127.0.0.1:" + args[2] + "</bind>"))
                .start();
            DataProbeImpl data = james.server().getProbe(DataProbeImpl.class);
            data.addDomain(DOMAIN);
            data.addUser(DAVE, MailPlexJames.PASSWORD);
            System.out.println("PARTNER READY");
            System.out.flush();
            Thread.currentThread().join();
        }
    }

    private PartnerJames(Process process) {
        this.process = process;
    }

    static PartnerJames start(Path folder, int imapPort, int smtpPort) throws Exception {
        return start(folder, imapPort, smtpPort, true);
    }

    /** {@code idle} false: its IMAP server does not offer IDLE, so MailPlex polls. */
    static PartnerJames start(Path folder, int imapPort, int smtpPort, boolean idle) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Files.createDirectories(folder);
        Path log = folder.resolve("partner-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
            folder.toString(), String.valueOf(imapPort), String.valueOf(smtpPort), String.valueOf(idle))
            .redirectErrorStream(true)
            .start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    if (line.contains("PARTNER READY")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("the partner's James ended before it was ready; see " + log));
        }, "partner-james-output");
        reader.setDaemon(true);
        reader.start();
        ready.get(3, TimeUnit.MINUTES);
        return new PartnerJames(process);
    }

    /** Kills it (SIGKILL): its server is gone at once. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
