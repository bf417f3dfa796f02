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

package org.mailplex.mailbox.elsewhere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.core.BusyWhen;
import org.mailplex.core.MailboxSpec;
import org.mailplex.mailbox.OperatorMailbox;
import org.mailplex.mailbox.OperatorMailboxKind;
import org.mailplex.mailbox.UnreachableMailboxException;

/** The seed's isfree check with real shell scripts: a counter file, a script that hangs, one that prints garbage, one that fails. */
class CommandMailboxKindTest {
    private static final String OPERATOR = "erin@other.org";

    @TempDir
    Path folder;

    private final CommandMailboxKind kind = new CommandMailboxKind(new SmtpHandOver(() -> {
        throw new IllegalStateException("no delivery in this test");
    }));

    private Path script(String name, String body) throws IOException {
        Path script = folder.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private OperatorMailbox open(Path script, Map<String, String> more) {
        Map<String, String> parameters = new LinkedHashMap<>(more);
        parameters.put(CommandMailboxKind.COMMAND, script.toString());
        return kind.open(new OperatorMailboxKind.Target(OPERATOR, new MailboxSpec("command", parameters), () -> { }, Duration.ofSeconds(10)));
    }

    @Test
    void heldShouldBeWhatTheScriptPrintsForTheOperator() throws Exception {
        Path counter = folder.resolve("counter");
        Files.writeString(counter, "2\n");
        Path script = script("isfree.sh", "[ \"$1\" = \"" + OPERATOR + "\" ] || exit 3\ncat " + counter);

        try (OperatorMailbox mailbox = open(script, Map.of())) {
            assertThat(mailbox.held(BusyWhen.MESSAGES)).isEqualTo(2);
            Files.writeString(counter, "0\n");
            assertThat(mailbox.held(BusyWhen.MESSAGES)).isZero();
            assertThat(mailbox.problem()).isEmpty();
        }
    }

    @Test
    void aHangingScriptShouldBeKilledAndMeanUnknownWithinItsTimeout() throws Exception {
        Path started = folder.resolve("started");
        Path script = script("hangs.sh", "echo $$ > " + started + "\nsleep 60\necho 0");

        try (OperatorMailbox mailbox = open(script, Map.of(CommandMailboxKind.TIMEOUT, "500ms"))) {
            long before = System.nanoTime();
            assertThatThrownBy(() -> mailbox.held(BusyWhen.MESSAGES))
                .isInstanceOf(UnreachableMailboxException.class)
                .hasMessageContaining("gave no answer within");
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(3));
            assertThat(mailbox.problem()).get().asString().contains("gave no answer");
            long pid = Long.parseLong(Files.readString(started).trim());
            Awaitility.await().atMost(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(10))
                .until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
    }

    @Test
    void garbageShouldMeanUnknownNeverFree() throws Exception {
        Path script = script("garbage.sh", "echo 'free as a bird'");

        try (OperatorMailbox mailbox = open(script, Map.of())) {
            assertThatThrownBy(() -> mailbox.held(BusyWhen.MESSAGES))
                .isInstanceOf(UnreachableMailboxException.class)
                .hasMessageContaining("free as a bird")
                .hasMessageContaining("instead of a whole number");
        }
    }

    @Test
    void endlessOutputShouldBeCutOffAndMeanUnknown() throws Exception {
        Path script = script("yes.sh", "yes 1 | head -c 10000000");

        try (OperatorMailbox mailbox = open(script, Map.of())) {
            assertThatThrownBy(() -> mailbox.held(BusyWhen.MESSAGES))
                .isInstanceOf(UnreachableMailboxException.class)
                .hasMessageContaining("instead of a whole number");
        }
    }

    @Test
    void aNonZeroExitShouldMeanUnknownEvenWithANumberPrinted() throws Exception {
        Path script = script("fails.sh", "echo 0\nexit 2");

        try (OperatorMailbox mailbox = open(script, Map.of())) {
            assertThatThrownBy(() -> mailbox.held(BusyWhen.MESSAGES))
                .isInstanceOf(UnreachableMailboxException.class)
                .hasMessageContaining("exited with 2");
        }
    }

    @Test
    void aScriptThatAnswersAgainShouldClearTheProblem() throws Exception {
        Path counter = folder.resolve("counter");
        Path script = script("maybe.sh", "cat " + counter + " 2>/dev/null || exit 1");

        try (OperatorMailbox mailbox = open(script, Map.of())) {
            assertThatThrownBy(() -> mailbox.held(BusyWhen.MESSAGES)).isInstanceOf(UnreachableMailboxException.class);
            assertThat(mailbox.problem()).isPresent();
            Files.writeString(counter, "1");
            assertThat(mailbox.held(BusyWhen.MESSAGES)).isEqualTo(1);
            assertThat(mailbox.problem()).isEmpty();
        }
    }

    @Test
    void validateShouldRefuseARelativeOrMissingProgramAndUnknownParameters() {
        assertThatThrownBy(() -> kind.validate(new MailboxSpec("command", Map.of("command", "isfree.pl"))))
            .hasMessageContaining("absolute path");
        assertThatThrownBy(() -> kind.validate(new MailboxSpec("command", Map.of())))
            .hasMessageContaining("needs command");
        assertThatThrownBy(() -> kind.validate(new MailboxSpec("command", Map.of("command", "/bin/true", "timout", "5s"))))
            .hasMessageContaining("unknown parameter 'timout'");
        assertThatThrownBy(() -> kind.validate(new MailboxSpec("command", Map.of("command", "/bin/true", "deliver", "imap"))))
            .hasMessageContaining("only be smtp");
    }
}
