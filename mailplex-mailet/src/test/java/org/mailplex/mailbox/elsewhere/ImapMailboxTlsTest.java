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

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.core.BusyWhen;
import org.mailplex.core.MailboxSpec;
import org.mailplex.mailbox.OperatorMailbox;
import org.mailplex.mailbox.OperatorMailboxKind;
import org.mailplex.mailbox.UnreachableMailboxException;

/**
 * imaps:// verifies the server's certificate by default: against a real TLS server whose
 * certificate is self-signed (made by keytool), MailPlex never logs in; the operator is unreachable,
 * the error says why, and no byte of the login crosses.
 */
class ImapMailboxTlsTest {
    @TempDir
    Path folder;

    private SSLServerSocket server;
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger bytesAfterHandshake = new AtomicInteger();

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private int startSelfSignedServer() throws Exception {
        Path keystore = folder.resolve("server.p12");
        String keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12",
            "-storepass", "changeit", "-keypass", "changeit", "-alias", "imap", "-dname", "CN=127.0.0.1", "-keyalg", "RSA",
            "-keysize", "2048", "-validity", "2", "-ext", "SAN=ip:127.0.0.1")
            .redirectErrorStream(true).start();
        assertThat(process.waitFor()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    handshakes.incrementAndGet();
                    ((SSLSocket) socket).startHandshake();
                    socket.getOutputStream().write("* OK IMAP4rev1 ready\r\n".getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    if (socket.getInputStream().read() >= 0) {
                        bytesAfterHandshake.incrementAndGet();
                    }
                } catch (Exception e) {
                    // the client refused our certificate: what this test expects
                }
            }
        }, "self-signed-imaps");
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }

    @Test
    void imapsShouldRefuseAServerWhoseCertificateTheJvmDoesNotTrust() throws Exception {
        int port = startSelfSignedServer();
        ImapMailboxKind kind = new ImapMailboxKind(new SmtpHandOver(() -> {
            throw new IllegalStateException("no delivery in this test");
        }));
        MailboxSpec spec = new MailboxSpec("imap", Map.of("url", "imaps://127.0.0.1:" + port + "/INBOX", "login", "dave",
            "password", "Pa55word!"));

        try (OperatorMailbox mailbox = kind.open(new OperatorMailboxKind.Target("dave@partner.org", spec, () -> { },
            Duration.ofSeconds(10)))) {
            // on a loaded machine the first attempt may outlast held's short wait for it
            Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> mailbox.problem().filter(problem -> problem.contains("cannot be reached")).isPresent());
            assertThatThrownBy(() -> mailbox.held(BusyWhen.MESSAGES))
                .isInstanceOf(UnreachableMailboxException.class)
                .hasMessageContaining("cannot be reached")
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("PKIX", "certificate", "SSLHandshakeException"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Pa55word!"));
        }
        assertThat(handshakes.get()).isPositive();
        assertThat(bytesAfterHandshake.get()).isZero();
    }
}
