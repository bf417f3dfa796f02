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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;

/**
 * The one IMAP client of the tests and benchmarks: an operator's account, spoken to over a plain
 * socket (IMAP4rev1, no library caching, one round trip per command). Messages come back as the
 * exact bytes James serves ({@code BODY.PEEK[]}); headers are read with Jakarta Mail's parser.
 *
 * <p>Two ways to use it. The methods of this class each log in, do one thing and log out, so every
 * call selects the mailbox afresh. {@link #connect()} gives a long-lived {@link Connection} that
 * polls, takes and expunges; James 3.8.1's selected-mailbox view can miss a mail appended right after
 * an expunge (no {@code EXISTS}, even on {@code NOOP}, while {@code STATUS} and a new {@code SELECT}
 * see it), so the connection polls with {@code STATUS} and selects again before each take.</p>
 */
public final class ImapClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    public ImapClient(String host, int port, String user, String password) {
        this(host, port, user, password, CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    private ImapClient(String host, int port, String user, String password, Duration connectTimeout, Duration readTimeout) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** The same account with other timeouts (the crash harness gives up sooner on a killed James). */
    public ImapClient withTimeouts(Duration connect, Duration read) {
        return new ImapClient(host, port, user, password, connect, read);
    }

    public String user() {
        return user;
    }

    /** A long-lived, logged-in connection. */
    public Connection connect() throws IOException {
        return new Connection(this);
    }

    // ------------------------------------------------------------------ one connection per call

    /** Subjects in the INBOX, in mailbox order; an absent INBOX is empty. */
    public List<String> subjects() throws IOException {
        return subjects("INBOX");
    }

    /** Subjects in the mailbox, in mailbox order (decoded as Jakarta Mail does); an absent mailbox is empty. */
    public List<String> subjects(String mailbox) throws IOException {
        return subjectsOf(headerBlocks(mailbox));
    }

    /** Every message of the INBOX as raw bytes ({@code BODY.PEEK[]}), leaving flags untouched. */
    public List<byte[]> rawMessages() throws IOException {
        return retryingRefused(() -> {
            try (Connection connection = connect()) {
                return connection.fetch(connection.examine("INBOX"), "");
            }
        });
    }

    /** Handles the mail: deletes every message of the INBOX and expunges. Returns the subjects. */
    public List<String> drain() throws IOException {
        return drain("INBOX");
    }

    /** Handles the mail: deletes every message of the mailbox and expunges. Returns the subjects. */
    public List<String> drain(String mailbox) throws IOException {
        return retryingRefused(() -> {
            try (Connection connection = connect()) {
                if (!connection.mailboxExists(mailbox)) {
                    return new ArrayList<>();
                }
                int count = connection.select(mailbox);
                List<String> subjects = subjectsOf(connection.fetch(count, "HEADER"));
                connection.deleteAndClose(count);
                return subjects;
            }
        });
    }

    /** Reads every message of the mailbox (sets \Seen) and keeps it. */
    public void markAllSeen(String mailbox) throws IOException {
        try (Connection connection = connect()) {
            int count = connection.select(mailbox);
            if (count > 0) {
                connection.command("STORE 1:" + count + " +FLAGS.SILENT (\\Seen)");
            }
        }
    }

    /** Flags every message of the mailbox {@code \\Deleted} and leaves without expunging, as many clients do until they close the folder. */
    public void markAllDeleted(String mailbox) throws IOException {
        try (Connection connection = connect()) {
            int count = connection.select(mailbox);
            if (count > 0) {
                connection.command("STORE 1:" + count + " +FLAGS.SILENT (\\Deleted)");
            }
        }
    }

    /** A header of the first message with this subject in the mailbox, if any. */
    public Optional<String> header(String mailbox, String subject, String headerName) throws IOException {
        for (byte[] block : headerBlocks(mailbox)) {
            if (subject.equals(subject(block))) {
                return header(block, headerName);
            }
        }
        return Optional.empty();
    }

    /** The header block of every message of the mailbox, in mailbox order, flags untouched; an absent mailbox is empty. */
    private List<byte[]> headerBlocks(String mailbox) throws IOException {
        return retryingRefused(() -> {
            try (Connection connection = connect()) {
                return connection.mailboxExists(mailbox) ? connection.fetch(connection.examine(mailbox), "HEADER") : new ArrayList<>();
            }
        });
    }

    private interface Call<T> {
        T call() throws IOException;
    }

    /**
     * James 3.8.1 sometimes counts a message in a mailbox before it can FETCH it (right after an
     * append that follows an expunge): a refused fetch is tried again on a new connection, for up
     * to 5 s, and changed nothing meanwhile.
     */
    private static <T> T retryingRefused(Call<T> call) throws IOException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (true) {
            try {
                return call.call();
            } catch (Connection.Refused e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    // ------------------------------------------------------------------ reading what was fetched

    private static List<String> subjectsOf(List<byte[]> headerBlocks) {
        List<String> subjects = new ArrayList<>();
        for (byte[] header : headerBlocks) {
            subjects.add(subject(header));
        }
        return subjects;
    }

    /** The first value of a header field of a raw message (or header block), as Jakarta Mail's {@code getHeader} gives it. */
    public static Optional<String> header(byte[] raw, String name) {
        String[] values = headers(raw).getHeader(name);
        return values == null ? Optional.empty() : Optional.of(values[0]);
    }

    /** The subject as an IMAP ENVELOPE gives it (an empty one is none), decoded as Jakarta Mail's {@code getSubject} does. */
    static String subject(byte[] raw) {
        String subject = headers(raw).getHeader("Subject", null);
        if (subject == null || subject.isEmpty()) {
            return null;
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(subject));
        } catch (UnsupportedEncodingException e) {
            return subject;
        }
    }

    private static InternetHeaders headers(byte[] raw) {
        try {
            return new InternetHeaders(new ByteArrayInputStream(raw));
        } catch (MessagingException e) {
            throw new IllegalArgumentException("unreadable header block", e);
        }
    }

    // ------------------------------------------------------------------ the connection

    /** One logged-in IMAP session; its methods may be called from several threads, one at a time. */
    public static final class Connection implements AutoCloseable {
        private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS$");
        private static final Pattern EXPUNGE = Pattern.compile("^\\* (\\d+) EXPUNGE$");
        private static final Pattern FETCH = Pattern.compile("^\\* (\\d+) FETCH ");
        private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");
        private static final Pattern STATUS_MESSAGES = Pattern.compile("MESSAGES (\\d+)");

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private int tag;
        private int exists = -1;

        private Connection(ImapClient account) throws IOException {
            socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(account.host, account.port), (int) account.connectTimeout.toMillis());
                socket.setSoTimeout((int) account.readTimeout.toMillis());
                in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                out = socket.getOutputStream();
                String greeting = readLine();
                if (!greeting.startsWith("* OK")) {
                    throw new IOException("unexpected IMAP greeting: " + greeting);
                }
                command("LOGIN \"" + account.user + "\" \"" + account.password + "\"");
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }

        /** Selects the mailbox (read-write) and returns its message count. */
        public synchronized int select(String mailbox) throws IOException {
            exists = 0;
            command("SELECT \"" + mailbox + "\"");
            return exists;
        }

        /** MESSAGES of a mailbox through STATUS; a mailbox that does not exist yet counts 0. */
        public synchronized int statusMessages(String mailbox) throws IOException {
            Response response = send("STATUS \"" + mailbox + "\" (MESSAGES)");
            if (!response.ok) {
                return 0;
            }
            for (Untagged line : response.untagged) {
                Matcher matcher = STATUS_MESSAGES.matcher(line.text);
                if (line.text.startsWith("* STATUS") && matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
            throw new IOException("no MESSAGES in STATUS answer " + response.untagged);
        }

        /**
         * Deletes every message of the INBOX and expunges; returns once the server said OK. The
         * caller knows (from STATUS) that there is mail. The INBOX is selected again first, until
         * the selected view shows that mail (at most 5 s).
         */
        public synchronized void expungeAll() throws IOException {
            long giveUp = System.nanoTime() + 5_000_000_000L;
            while (select("INBOX") == 0) {
                if (System.nanoTime() > giveUp) {
                    throw new IOException("STATUS saw mail but SELECT shows none for 5 s");
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            command("STORE 1:* +FLAGS.SILENT (\\Deleted)");
            command("EXPUNGE");
        }

        /** Every message of the INBOX, raw bytes, then deleted and expunged; empty when the INBOX is absent or empty. */
        public synchronized List<byte[]> take() throws IOException {
            List<byte[]> taken = new ArrayList<>();
            take(taken::add);
            return taken;
        }

        /**
         * Selects the INBOX afresh, fetches every message, hands each (raw bytes) to {@code reader},
         * then deletes them and expunges. When James refuses the fetch (its selected view can lag
         * behind a mail appended right after an expunge: "Invalid messageset"), nothing is taken and
         * nothing flagged: the next take reads again.
         */
        public synchronized void take(Consumer<byte[]> reader) throws IOException {
            if (!mailboxExists("INBOX")) {
                return;
            }
            int count = select("INBOX");
            if (count == 0) {
                return;
            }
            List<byte[]> raws;
            try {
                raws = fetch(count, "");
            } catch (Refused e) {
                return;
            }
            raws.forEach(reader);
            deleteAndClose(count);
        }

        private boolean mailboxExists(String mailbox) throws IOException {
            return command("LIST \"\" \"" + mailbox + "\"").stream().anyMatch(line -> line.text.startsWith("* LIST "));
        }

        private int examine(String mailbox) throws IOException {
            exists = 0;
            command("EXAMINE \"" + mailbox + "\"");
            return exists;
        }

        /** {@code BODY.PEEK[section]} of messages 1 to {@code count} of the selected mailbox, in order. */
        private List<byte[]> fetch(int count, String section) throws IOException {
            if (count == 0) {
                return new ArrayList<>();
            }
            List<Untagged> lines = command("FETCH 1:" + count + " (BODY.PEEK[" + section + "])");
            byte[][] raws = new byte[count][];
            for (Untagged line : lines) {
                Matcher matcher = FETCH.matcher(line.text);
                if (matcher.find() && !line.literals.isEmpty()) {
                    int number = Integer.parseInt(matcher.group(1));
                    if (number >= 1 && number <= count) {
                        raws[number - 1] = line.literals.get(0);
                    }
                }
            }
            for (int i = 0; i < count; i++) {
                if (raws[i] == null) {
                    throw new Refused("no BODY[" + section + "] for message " + (i + 1) + " of " + count);
                }
            }
            return new ArrayList<>(Arrays.asList(raws));
        }

        /** Flags messages 1 to {@code count} \Deleted and closes the mailbox, which expunges them. */
        private void deleteAndClose(int count) throws IOException {
            if (count > 0) {
                command("STORE 1:" + count + " +FLAGS.SILENT (\\Deleted)");
                command("CLOSE");
            }
        }

        private List<Untagged> command(String command) throws IOException {
            Response response = send(command);
            if (!response.ok) {
                throw new Refused("IMAP " + command.split(" ")[0] + " failed: " + response.status);
            }
            return response.untagged;
        }

        private Response send(String command) throws IOException {
            String t = "a" + (++tag);
            out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            List<Untagged> untagged = new ArrayList<>();
            while (true) {
                Untagged line = readResponse();
                if (line.text.startsWith(t + " ")) {
                    String status = line.text.substring(t.length() + 1);
                    return new Response(status.startsWith("OK"), status, untagged);
                }
                Matcher e = EXISTS.matcher(line.text);
                if (e.matches()) {
                    exists = Integer.parseInt(e.group(1));
                } else if (EXPUNGE.matcher(line.text).matches()) {
                    exists--;
                }
                untagged.add(line);
            }
        }

        /** One server response: its text, with each literal's bytes set aside. */
        private Untagged readResponse() throws IOException {
            StringBuilder text = new StringBuilder();
            List<byte[]> literals = new ArrayList<>();
            while (true) {
                String line = readLine();
                text.append(line);
                Matcher literal = LITERAL.matcher(line);
                if (!literal.find()) {
                    return new Untagged(text.toString(), literals);
                }
                int size = Integer.parseInt(literal.group(1));
                byte[] bytes = in.readNBytes(size);
                if (bytes.length < size) {
                    throw new EOFException("IMAP connection closed in a literal");
                }
                literals.add(bytes);
            }
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            if (b == -1) {
                throw new EOFException("IMAP connection closed");
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        /** LOGOUT (no expunge), then the socket is closed whatever the server says. */
        @Override
        public synchronized void close() {
            try {
                send("LOGOUT");
            } catch (IOException | RuntimeException ignored) {
                // closing anyway
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }

        /** A tagged NO or BAD, or an answer without what was asked for. */
        private static final class Refused extends IOException {
            Refused(String message) {
                super(message);
            }
        }

        private static final class Untagged {
            final String text;
            final List<byte[]> literals;

            Untagged(String text, List<byte[]> literals) {
                this.text = text;
                this.literals = literals;
            }

            @Override
            public String toString() {
                return text;
            }
        }

        private static final class Response {
            final boolean ok;
            final String status;
            final List<Untagged> untagged;

            Response(boolean ok, String status, List<Untagged> untagged) {
                this.ok = ok;
                this.status = status;
                this.untagged = untagged;
            }
        }
    }
}
