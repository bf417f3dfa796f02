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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.BOB;
import static org.mailplex.it.MailPlexJames.CAROL;
import static org.mailplex.it.MailPlexJames.PLEX;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.it.ImapClient;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.MailPlexJamesExtension;

/**
 * Odd mail is parked and delivered byte for byte: what an operator reads is MailPlex's
 * {@code X-MailPlex-*} trace headers, James's {@code Received} header, then exactly the bytes the
 * client sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OddMailIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final MailRepositoryUrl OUTGOING_HELD = MailRepositoryUrl.from("file://var/mail/outgoing-held/");

    @RegisterExtension
    static final MailPlexJamesExtension JAMES = new MailPlexJamesExtension();

    private MailPlexJames james;
    private ImapClient.Connection alice;
    private ImapClient.Connection bob;

    @BeforeAll
    void startJames() throws Exception {
        james = JAMES.fromShippedConf().start().withDemoUsers();
        alice = james.imap(ALICE).connect();
        bob = james.imap(BOB).connect();
    }

    @AfterAll
    void closeInboxes() {
        alice.close();
        bob.close();
    }

    /** Sends, then waits for the one copy an operator gets, takes it and checks no second copy follows. */
    private Delivered sendAndReceive(String envelopeFrom, List<String> recipients, byte[] raw) throws Exception {
        james.smtp().send(envelopeFrom, recipients, raw);
        List<byte[]> received = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            received.addAll(alice.take());
            received.addAll(bob.take());
            return !received.isEmpty();
        });
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> {
            received.addAll(alice.take());
            received.addAll(bob.take());
            return received.size() == 1;
        });
        assertThat(james.parked()).isZero();
        Delivered delivered = new Delivered(received.get(0));
        assertThat(delivered.trace()).containsKeys("X-MailPlex-Plex", "X-MailPlex-Operator", "X-MailPlex-Queued-At", "X-MailPlex-Ticket");
        assertThat(delivered.trace().get("X-MailPlex-Plex")).isEqualTo(PLEX);
        byte[] first = received.get(0);
        assertThat(delivered.receivedHeaders()).as(new String(first, 0, Math.min(first.length, 800), StandardCharsets.ISO_8859_1))
            .isEqualTo(1);
        return delivered;
    }

    private static byte[] bytes(String text, java.nio.charset.Charset charset) {
        return text.getBytes(charset);
    }

    private static void assertSameBytes(Delivered delivered, byte[] sent) {
        if (sent.length < 100_000) {
            assertThat(new String(delivered.original(), StandardCharsets.ISO_8859_1)).isEqualTo(new String(sent, StandardCharsets.ISO_8859_1));
        }
        assertThat(delivered.original().length).isEqualTo(sent.length);
        assertThat(Delivered.sha256(delivered.original())).isEqualTo(Delivered.sha256(sent));
    }

    private static byte[] eightBitHeaderMail(String messageId) throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(bytes("From: Jürgen Groß <juergen@example.org>\r\n"
            + "To: help@mailplex.local\r\n"
            + "Subject: Grüße – 緊急 – naïve\r\n"
            + "Message-ID: " + messageId + "\r\n"
            + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n", StandardCharsets.UTF_8));
        raw.write(bytes("X-Latin1: café crème brûlée\r\n", StandardCharsets.ISO_8859_1));
        raw.write(bytes("\r\nMotörhead ☃ — raw 8-bit body\r\n", StandardCharsets.UTF_8));
        return raw.toByteArray();
    }

    /** What James 3.8.1's spool makes of a mail: every header byte above 127 becomes '?', the body is untouched. */
    private static byte[] afterJamesSpool(byte[] sent) {
        byte[] expected = sent.clone();
        String text = new String(sent, StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        for (int i = 0; i < headerEnd; i++) {
            if ((expected[i] & 0xFF) > 127) {
                expected[i] = '?';
            }
        }
        return expected;
    }

    /**
     * 8-bit and UTF-8 header bytes. James 3.8.1 loses them before any mailet runs: its spool
     * (MemoryMailQueue) clones each mail with MailImpl.duplicate, which writes the header lines as
     * US-ASCII, so every byte above 127 in a header becomes '?' for every recipient, local
     * mailboxes included. MailPlex adds no loss of its own: the operator gets, byte for byte, what
     * James's own LocalDelivery gives an ordinary mailbox, and the 8-bit body untouched. If a
     * James version stops losing them, this test fails and must become a plain byte comparison.
     */
    @Test
    void eightBitAndUtf8HeadersShouldReachTheOperatorAsJamesDeliversThemToAnyMailbox() throws Exception {
        byte[] toCarol = eightBitHeaderMail("<utf8-headers-carol@example.org>");
        james.smtp().send("juergen@example.org", List.of(CAROL), toCarol);
        List<byte[]> atCarol = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            atCarol.addAll(james.imap(CAROL).rawMessages());
            return !atCarol.isEmpty();
        });
        String carolHeaders = new String(atCarol.get(0), StandardCharsets.ISO_8859_1);
        byte[] sent = eightBitHeaderMail("<utf8-headers@example.org>");

        Delivered delivered = sendAndReceive("juergen@example.org", List.of(PLEX), sent);

        assertSameBytes(delivered, afterJamesSpool(sent));
        assertThat(carolHeaders).as("James's own local delivery, for comparison")
            .contains(new String(afterJamesSpool(toCarol), StandardCharsets.ISO_8859_1));
    }

    @Test
    void encodedWordHeadersShouldBeDeliveredByteForByte() throws Exception {
        byte[] sent = bytes("From: =?UTF-8?Q?J=C3=BCrgen_Gro=C3=9F?= <juergen@example.org>\r\n"
            + "To: help@mailplex.local\r\n"
            + "Subject: =?UTF-8?B?R3LDvMOfZSDigJMg57eK5oClIOKAkyBuYcOvdmU=?=\r\n"
            + "Message-ID: <encoded-words@example.org>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=ISO-8859-1\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n", StandardCharsets.US_ASCII);
        byte[] body = bytes("café crème brûlée, Latin-1 body\r\n", StandardCharsets.ISO_8859_1);
        byte[] all = new byte[sent.length + body.length];
        System.arraycopy(sent, 0, all, 0, sent.length);
        System.arraycopy(body, 0, all, sent.length, body.length);

        assertSameBytes(sendAndReceive("juergen@example.org", List.of(PLEX), all), all);
    }

    @Test
    void malformedMimeShouldBeDeliveredByteForByte() throws Exception {
        byte[] sent = bytes("From: broken@example.org\r\n"
            + "To: help@mailplex.local\r\n"
            + "Subject: malformed MIME\r\n"
            + "Message-ID: <malformed@example.org>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"never-closed\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "Broken header line without colon\r\n"
            + "\r\n"
            + "--never-closed\r\n"
            + "Content-Type: text/plain; charset=\"unknown-charset\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n"
            + "\r\n"
            + "=ZZ not valid QP =\r\n"
            + "--wrong-boundary\r\n"
            + "Content-Type: application/octet-stream\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + "!!!! not base64 ****\r\n"
            + ".lonely dot line\r\n"
            + "..two dots\r\n", StandardCharsets.US_ASCII);

        assertSameBytes(sendAndReceive("broken@example.org", List.of(PLEX), sent), sent);
    }

    @Test
    void mailWithoutMessageIdShouldBeDeliveredByteForByte() throws Exception {
        byte[] sent = bytes("From: nomsgid@example.org\r\n"
            + "To: help@mailplex.local\r\n"
            + "Subject: no Message-ID at all\r\n"
            + "\r\n"
            + "Nothing identifies me.\r\n", StandardCharsets.US_ASCII);

        Delivered delivered = sendAndReceive("nomsgid@example.org", List.of(PLEX), sent);

        assertSameBytes(delivered, sent);
        assertThat(delivered.messageId()).isEmpty();
    }

    @Test
    void twentyMegabyteMailShouldBeDeliveredByteForByte() throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(21 * 1024 * 1024);
        raw.write(bytes("From: big@example.org\r\n"
            + "To: help@mailplex.local\r\n"
            + "Subject: twenty megabytes\r\n"
            + "Message-ID: <twenty-mb@example.org>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=US-ASCII\r\n"
            + "\r\n", StandardCharsets.US_ASCII));
        StringBuilder line = new StringBuilder();
        int lineNumber = 0;
        while (raw.size() < 20 * 1024 * 1024) {
            line.setLength(0);
            line.append(String.format("%08d ", lineNumber++));
            while (line.length() < 76) {
                line.append((char) ('A' + (lineNumber + line.length()) % 26));
            }
            // every 1000th line starts with a dot, to exercise dot-stuffing
            if (lineNumber % 1000 == 0) {
                line.setCharAt(0, '.');
            }
            raw.write(bytes(line.append("\r\n").toString(), StandardCharsets.US_ASCII));
        }
        byte[] sent = raw.toByteArray();

        assertSameBytes(sendAndReceive("big@example.org", List.of(PLEX), sent), sent);
    }

    @Test
    void plexCopyOfAMailToFiveHundredRecipientsShouldBeDeliveredByteForByte() throws Exception {
        long heldBefore = james.server().getProbe(org.apache.james.utils.MailRepositoryProbeImpl.class).getRepositoryMailCount(OUTGOING_HELD);
        List<String> recipients = IntStream.range(0, 499).mapToObj(i -> "customer" + i + "@remote.example").collect(Collectors.toList());
        recipients.add(250, PLEX);
        byte[] sent = bytes("From: bulk@example.org\r\n"
            + "To: undisclosed-recipients:;\r\n"
            + "Subject: five hundred recipients\r\n"
            + "Message-ID: <five-hundred@example.org>\r\n"
            + "\r\n"
            + "One of us is the plex.\r\n", StandardCharsets.US_ASCII);

        Delivered delivered = sendAndReceive("bulk@example.org", recipients, sent);

        assertSameBytes(delivered, sent);
        // the 499 others went on through the pipeline: relay, stored once by the shipped conf
        await().atMost(WAIT).untilAsserted(() -> assertThat(james.server().getProbe(org.apache.james.utils.MailRepositoryProbeImpl.class)
            .getRepositoryMailCount(OUTGOING_HELD)).isEqualTo(heldBefore + 1));
    }

    @Test
    void bounceToThePlexShouldBeDeliveredByteForByte() throws Exception {
        byte[] sent = bytes("From: MAILER-DAEMON@remote.example\r\n"
            + "To: help@mailplex.local\r\n"
            + "Subject: Undelivered Mail Returned to Sender\r\n"
            + "Message-ID: <bounce-1@remote.example>\r\n"
            + "Auto-Submitted: auto-replied\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n"
            + "\r\n"
            + "--b1\r\n"
            + "Content-Type: text/plain\r\n"
            + "\r\n"
            + "Your mail could not be delivered.\r\n"
            + "--b1\r\n"
            + "Content-Type: message/delivery-status\r\n"
            + "\r\n"
            + "Reporting-MTA: dns; remote.example\r\n"
            + "\r\n"
            + "Final-Recipient: rfc822; nobody@remote.example\r\n"
            + "Action: failed\r\n"
            + "Status: 5.1.1\r\n"
            + "--b1--\r\n", StandardCharsets.US_ASCII);

        Delivered delivered = sendAndReceive("", List.of(PLEX), sent);

        assertSameBytes(delivered, sent);
    }
}
