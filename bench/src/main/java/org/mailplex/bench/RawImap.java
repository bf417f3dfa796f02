package org.mailplex.bench;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal IMAP4rev1 client on a plain socket, one session, for timing: no library caching,
 * no NOOP throttling, one round trip per call. It only speaks what the benchmarks need (LOGIN,
 * SELECT, NOOP, STATUS, STORE, EXPUNGE), none of which answers with a literal.
 */
final class RawImap implements Closeable {
    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS$");
    private static final Pattern EXPUNGE = Pattern.compile("^\\* (\\d+) EXPUNGE$");
    private static final Pattern STATUS_MESSAGES = Pattern.compile("MESSAGES (\\d+)");

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private int tag;
    private int exists = -1;

    RawImap(String host, int port, String user, String password) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(60_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
        String greeting = in.readLine();
        if (greeting == null || !greeting.startsWith("* OK")) {
            throw new IOException("unexpected IMAP greeting: " + greeting);
        }
        command("LOGIN \"" + user + "\" \"" + password + "\"");
    }

    /** Messages in the selected mailbox, as the server last told us. */
    int exists() {
        return exists;
    }

    int select(String mailbox) throws IOException {
        exists = 0;
        command("SELECT \"" + mailbox + "\"");
        return exists;
    }

    /** One NOOP round trip; returns the message count after the server's untagged updates. */
    int noop() throws IOException {
        command("NOOP");
        return exists;
    }

    /** MESSAGES of a mailbox through STATUS; a mailbox that does not exist yet counts 0. */
    int statusMessages(String mailbox) throws IOException {
        Response response = send("STATUS \"" + mailbox + "\" (MESSAGES)");
        if (!response.ok) {
            return 0;
        }
        for (String line : response.untagged) {
            Matcher matcher = STATUS_MESSAGES.matcher(line);
            if (line.startsWith("* STATUS") && matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new IOException("no MESSAGES in STATUS answer " + response.untagged);
    }

    /**
     * Deletes every message of the selected mailbox and expunges; returns once the server said OK.
     * The caller knows (from STATUS) that there is mail. The INBOX is selected again first: James
     * 3.8.1's selected-mailbox view sometimes never reports (EXISTS) a mail appended right after
     * an expunge, even on NOOP, while STATUS and a new SELECT see it.
     */
    void expungeAll() throws IOException {
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

    private List<String> command(String command) throws IOException {
        Response response = send(command);
        if (!response.ok) {
            throw new IOException("IMAP " + command.split(" ")[0] + " failed: " + response.status);
        }
        return response.untagged;
    }

    private Response send(String command) throws IOException {
        String t = "a" + (++tag);
        out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        List<String> untagged = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("IMAP connection closed during " + command);
            }
            if (line.startsWith(t + " ")) {
                String status = line.substring(t.length() + 1);
                return new Response(status.startsWith("OK"), status, untagged);
            }
            Matcher e = EXISTS.matcher(line);
            if (e.matches()) {
                exists = Integer.parseInt(e.group(1));
            } else if (EXPUNGE.matcher(line).matches()) {
                exists--;
            }
            untagged.add(line);
        }
    }

    @Override
    public void close() {
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

    private static final class Response {
        final boolean ok;
        final String status;
        final List<String> untagged;

        Response(boolean ok, String status, List<String> untagged) {
            this.ok = ok;
            this.status = status;
            this.untagged = untagged;
        }
    }
}
