package org.mailplex.it.reliability;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A bare-socket SMTP client: the bytes given are the bytes sent (only dot-stuffed, as SMTP
 * requires), any envelope sender including the null sender {@code <>}, any number of recipients,
 * several transactions per connection.
 */
final class RawSmtp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawSmtp(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(120_000);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    static RawSmtp connect(String host, int port) throws IOException {
        RawSmtp smtp = new RawSmtp(new Socket(host, port));
        smtp.expect(220);
        smtp.command("EHLO reliability.test", 250);
        return smtp;
    }

    /** Sends one mail; {@code from} is the bare address, or empty for the null sender. */
    void send(String from, List<String> recipients, byte[] raw) throws IOException {
        command("MAIL FROM:<" + from + ">", 250);
        for (String recipient : recipients) {
            command("RCPT TO:<" + recipient + ">", 250);
        }
        command("DATA", 354);
        boolean lineStart = true;
        for (byte b : raw) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
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
