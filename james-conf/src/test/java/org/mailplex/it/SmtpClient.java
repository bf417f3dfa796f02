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

package org.mailplex.it;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The one SMTP client of the tests and benchmarks, on a plain socket: the bytes given are the bytes
 * sent (only dot-stuffed, as SMTP requires), any envelope sender including the null sender
 * {@code <>}, any number of recipients, any size. {@link #send} opens a connection per mail;
 * {@link #connect()} keeps one open for many mails. Every failure, a refusal included, is an
 * {@link IOException}; a send that returns was answered 250 to {@code DATA}.
 */
public final class SmtpClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    public SmtpClient(String host, int port) {
        this(host, port, CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    private SmtpClient(String host, int port, Duration connectTimeout, Duration readTimeout) {
        this.host = host;
        this.port = port;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** The same server with other timeouts (the crash harness gives up sooner on a killed James). */
    public SmtpClient withTimeouts(Duration connect, Duration read) {
        return new SmtpClient(host, port, connect, read);
    }

    /** A small plain-text message with the given subject, CRLF line ends. */
    public static String message(String from, String to, String subject) {
        return message(from, to, subject, "Body of " + subject + "\r\n");
    }

    public static String message(String from, String to, String subject, String body) {
        return "From: " + from + "\r\n"
            + "To: " + to + "\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-ID: <" + subject.replaceAll("[^A-Za-z0-9.-]", "_") + "." + System.nanoTime() + "@test.mailplex.local>\r\n"
            + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "\r\n"
            + body;
    }

    /** Sends {@link #message(String, String, String)} on a connection of its own. */
    public void send(String from, String to, String subject) throws IOException {
        send(from, List.of(to), message(from, to, subject).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code raw} byte for byte on a connection of its own; {@code from} is the bare address, empty for the null sender. */
    public void send(String from, List<String> recipients, byte[] raw) throws IOException {
        try (Connection connection = connect()) {
            connection.send(from, recipients, raw);
        }
    }

    /** Sends {@code raw} as {@code user}, authenticated with {@code AUTH PLAIN} first, as an operator's mail client does. */
    public void sendAuthenticated(String user, String password, List<String> recipients, byte[] raw) throws IOException {
        try (Connection connection = connect()) {
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
            connection.command("AUTH PLAIN " + plain, 235);
            connection.send(user, recipients, raw);
        }
    }

    /** One connection (greeted and EHLO done) for many mails. */
    public Connection connect() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            Connection connection = new Connection(socket);
            connection.expect(220);
            connection.command("EHLO mailplex.test", 250);
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** One SMTP connection; several transactions on it. Not for concurrent use. */
    public static final class Connection implements AutoCloseable {
        private static final byte[] CRLF = {'\r', '\n'};
        private static final byte[] END_OF_DATA = {'.', '\r', '\n'};

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        }

        /**
         * Sends one mail and returns once the server answered 250 to its {@code DATA}; {@code from}
         * is the bare address, or empty for the null sender.
         */
        public void send(String from, List<String> recipients, byte[] raw) throws IOException {
            command("MAIL FROM:<" + from + ">", 250);
            for (String recipient : recipients) {
                command("RCPT TO:<" + recipient + ">", 250);
            }
            command("DATA", 354);
            // dot-stuffing: a line that starts with '.' gets one more
            int start = 0;
            boolean lineStart = true;
            for (int i = 0; i < raw.length; i++) {
                if (lineStart && raw[i] == '.') {
                    out.write(raw, start, i - start);
                    out.write('.');
                    start = i;
                }
                lineStart = raw[i] == '\n';
            }
            out.write(raw, start, raw.length - start);
            if (!lineStart) {
                out.write(CRLF);
            }
            out.write(END_OF_DATA);
            out.flush();
            expect(250);
        }

        private void command(String line, int code) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(code);
        }

        private void expect(int code) throws IOException {
            while (true) {
                String line = readLine();
                if (line.length() < 4 || !line.startsWith(String.valueOf(code))) {
                    throw new IOException("expected " + code + ", got '" + line + "'");
                }
                if (line.charAt(3) == ' ') {
                    return;
                }
            }
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (b != '\r') {
                    line.write(b);
                }
            }
            if (b == -1 && line.size() == 0) {
                throw new IOException("connection closed");
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        /** QUIT, then the socket is closed whatever the server says. */
        @Override
        public void close() {
            try {
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // closing anyway
            }
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
