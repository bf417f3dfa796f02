package org.mailplex.it;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** An independent SMTP client (Jakarta Mail 2) that sends raw messages unchanged. */
public final class SmtpClient {
    private final String host;
    private final int port;

    public SmtpClient(String host, int port) {
        this.host = host;
        this.port = port;
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

    public void send(String from, String to, String subject) throws MessagingException {
        sendRaw(from, message(from, to, subject).getBytes(StandardCharsets.UTF_8), to);
    }

    /** Sends {@code raw} byte for byte (the client adds nothing) to the given envelope recipients. */
    public void sendRaw(String envelopeFrom, byte[] raw, String... recipients) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", String.valueOf(port));
        properties.put("mail.smtp.from", envelopeFrom);
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "60000");
        properties.put("mail.smtp.allow8bitmime", "true");
        Session session = Session.getInstance(properties);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
        Address[] addresses = Arrays.stream(recipients).map(SmtpClient::address).toArray(Address[]::new);
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, addresses);
        }
    }

    private static Address address(String address) {
        try {
            return new InternetAddress(address);
        } catch (MessagingException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
