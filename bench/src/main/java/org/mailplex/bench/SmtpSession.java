package org.mailplex.bench;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * One SMTP connection kept open for many mails (Jakarta Mail 2, like the integration tests'
 * {@code SmtpClient}, which opens one connection per mail): the benchmark measures James's
 * pipeline, not TCP and EHLO set-up.
 */
final class SmtpSession implements Closeable {
    private final Session session;
    private final Transport transport;

    SmtpSession(String host, int port) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", String.valueOf(port));
        properties.put("mail.smtp.from", Prefill.CUSTOMER);
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "60000");
        properties.put("mail.smtp.allow8bitmime", "true");
        session = Session.getInstance(properties);
        transport = session.getTransport("smtp");
        transport.connect();
    }

    MimeMessage parse(byte[] raw) throws MessagingException {
        return new MimeMessage(session, new ByteArrayInputStream(raw));
    }

    /** Returns once James answered 250 to the DATA: the mail is in James's spool. */
    void send(MimeMessage message, String recipient) throws MessagingException {
        transport.sendMessage(message, new Address[] {new InternetAddress(recipient)});
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (MessagingException ignored) {
            // closing anyway
        }
    }
}
