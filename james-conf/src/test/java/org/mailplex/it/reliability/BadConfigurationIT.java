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

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailplex.it.MailPlexJames.replacing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.MailPlexJamesExtension;

/**
 * A bad MailPlex parameter in {@code mailetcontainer.xml} stops a real James at start, with a
 * message that names the parameter. Each test edits one line of the shipped configuration.
 */
class BadConfigurationIT {
    private static final String ACCOUNT = "<account>help@mailplex.local</account>";
    private static final String OPERATORS = "<operators>alice@mailplex.local, bob@mailplex.local</operators>";

    @RegisterExtension
    final MailPlexJamesExtension jamesExtension = new MailPlexJamesExtension();

    private MailPlexJames james;

    private void assertStartFails(UnaryOperator<String> edit, String... messageParts) throws Exception {
        james = jamesExtension.fromShippedConf(edit);

        var failure = assertThatThrownBy(james::start);
        for (String part : messageParts) {
            failure.hasStackTraceContaining(part);
        }
    }

    @Test
    void jamesShouldRefuseToStartWithoutAnAccount() throws Exception {
        assertStartFails(replacing(ACCOUNT, ""), "MailPlex parameter 'account' is required");
    }

    @Test
    void jamesShouldRefuseToStartWithAnEmptyRoster() throws Exception {
        assertStartFails(replacing(OPERATORS, "<operators> </operators>"), "MailPlex parameter 'operators' is required");
    }

    @Test
    void jamesShouldRefuseToStartWhenAnOperatorIsNotAnAddress() throws Exception {
        assertStartFails(replacing(OPERATORS, "<operators>alice@mailplex.local, bob at mailplex</operators>"),
            "MailPlex parameter 'operators'", "bob at mailplex");
    }

    @Test
    void jamesShouldRefuseToStartWithAReclaimAfterThatIsNoDuration() throws Exception {
        assertStartFails(replacing("<reconcileInterval>5s</reconcileInterval>",
                "<reconcileInterval>5s</reconcileInterval><reclaimAfter>soon</reclaimAfter>"),
            "MailPlex parameter 'reclaimAfter' must be a duration such as 30m, or off, got 'soon'");
    }

    @Test
    void jamesShouldRefuseToStartWithLeaseTimingsThatCannotWorkNamingTheParameter() throws Exception {
        assertStartFails(replacing("<reconcileInterval>5s</reconcileInterval>",
                "<reconcileInterval>5s</reconcileInterval><leaseRenewEvery>5500ms</leaseRenewEvery>"),
            "MailPlex parameter 'leaseRenewEvery'", "must be shorter than leaseTtl (6000ms)");
    }

    @Test
    void jamesShouldRefuseToStartWithABadReclaimAfterInTheRoster() throws Exception {
        assertStartFails(replacing(OPERATORS, "<operators>alice@mailplex.local::10ms, bob@mailplex.local</operators>"),
            "MailPlex parameter 'operators' reclaimAfter of alice@mailplex.local must be at least 1s, got '10ms'");
    }

    @Test
    void jamesShouldRefuseToStartWhenThePlexIsOnItsOwnRoster() throws Exception {
        assertStartFails(replacing(OPERATORS, "<operators>alice@mailplex.local, help@mailplex.local</operators>"),
            "MailPlex parameter 'operators' lists the plex account help@mailplex.local itself");
    }

    @Test
    void jamesShouldRefuseToStartWhenAnOperatorIsListedTwice() throws Exception {
        assertStartFails(replacing(OPERATORS, "<operators>alice@mailplex.local, bob@mailplex.local, ALICE@mailplex.local</operators>"),
            "MailPlex parameter 'operators'", "twice");
    }

    @Test
    void jamesShouldRefuseToStartWhenCapacityIsBelowOne() throws Exception {
        assertStartFails(replacing("<capacity>1</capacity>", "<capacity>0</capacity>"),
            "MailPlex parameter 'capacity'", "must be at least 1, got 0");
    }

    @Test
    void jamesShouldRefuseToStartWithAnUnknownBusyWhen() throws Exception {
        assertStartFails(replacing("<busyWhen>messages</busyWhen>", "<busyWhen>sometimes</busyWhen>"),
            "MailPlex parameter 'busyWhen'", "sometimes");
    }

    @Test
    void jamesShouldRefuseToStartWhenTheRepositoryProtocolIsNotRegistered() throws Exception {
        assertStartFails(replacing("<repositoryPath>file://var/mail/mailplex/help/</repositoryPath>",
                "<repositoryPath>cassandra://var/mail/mailplex/help/</repositoryPath>"),
            "MailPlex parameter 'repositoryPath'", "cassandra");
    }

    @Test
    void jamesShouldRefuseToStartWithAnOverflowProcessorButNoMaxParked() throws Exception {
        assertStartFails(replacing("<maxParked>10000</maxParked>", "<overflowProcessor>error</overflowProcessor>"),
            "MailPlex parameter 'overflowProcessor'", "maxParked");
    }

    @Test
    void jamesShouldRefuseToStartWithAMisspeltParameter() throws Exception {
        assertStartFails(replacing("<sticky>false</sticky>", "<stikcy>true</stikcy>"),
            "MailPlex parameter 'stikcy' is not a parameter of this element", "sticky");
    }

    @Test
    void jamesShouldRefuseToStartWithAMisspeltOperatorMailboxesParameter() throws Exception {
        assertStartFails(replacing("<sticky>false</sticky>",
            "<sticky>false</sticky>\n<operatorMailbox>bob@mailplex.local command command=/bin/true</operatorMailbox>"),
            "MailPlex parameter 'operatorMailbox' is not a parameter of this element", "operatorMailboxes");
    }

    @Test
    void jamesShouldRefuseToStartWithAnUnknownParameterOfAMailboxKind() throws Exception {
        assertStartFails(replacing("<sticky>false</sticky>",
            "<sticky>false</sticky>\n<operatorMailboxes>bob@mailplex.local imap url=imaps://imap.partner.org/INBOX login=bob "
                + "pollIntervall=10s</operatorMailboxes>"),
            "MailPlex parameter 'operatorMailboxes'", "bob@mailplex.local", "unknown parameter 'pollIntervall'");
    }

    @Test
    void jamesShouldRefuseToStartWithAPasswordFileOthersMayRead() throws Exception {
        Path file = Files.createTempFile("mailplex-password", ".txt");
        Files.writeString(file, "secret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            assertStartFails(replacing("<sticky>false</sticky>",
                "<sticky>false</sticky>\n<operatorMailboxes>bob@mailplex.local imap url=imaps://imap.partner.org/INBOX login=bob "
                    + "passwordFile=" + file + "</operatorMailboxes>"),
                "MailPlex parameter 'operatorMailboxes'", "may be read by others", "chmod 600");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void jamesShouldRefuseToStartWithAMisspeltPlexReplyToParameter() throws Exception {
        assertStartFails(replacing("<sticky>false</sticky>\n            </mailet>\n",
                "<sticky>false</sticky>\n            </mailet>\n"
                    + "            <mailet match=\"All\" class=\"org.mailplex.mailet.PlexReplyTo\">"
                    + "<plex>help@mailplex.local</plex><replyto>help@mailplex.local</replyto></mailet>\n"),
            "MailPlex parameter 'replyto' is not a parameter of this element");
    }

    @Test
    void jamesShouldRefuseToStartWhenTheOverflowProcessorDoesNotExist() throws Exception {
        assertStartFails(replacing("<maxParked>10000</maxParked>",
                "<maxParked>10</maxParked><overflowProcessor>plex-full</overflowProcessor>"),
            "undefined processors", "plex-full");
    }
}
