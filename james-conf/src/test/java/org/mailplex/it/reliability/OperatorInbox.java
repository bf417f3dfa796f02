package org.mailplex.it.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

/** An operator's IMAP client on one long-lived connection: takes (reads raw, deletes, expunges) what the INBOX holds. */
final class OperatorInbox implements AutoCloseable {
    private final String user;
    private final Store store;

    OperatorInbox(String host, int port, String user, String password) throws MessagingException {
        this.user = user;
        Properties properties = new Properties();
        properties.put("mail.imap.connectiontimeout", "10000");
        properties.put("mail.imap.timeout", "120000");
        properties.put("mail.imap.fetchsize", String.valueOf(4 * 1024 * 1024));
        this.store = Session.getInstance(properties).getStore("imap");
        this.store.connect(host, port, user, password);
    }

    String user() {
        return user;
    }

    /** Every message of the INBOX, raw bytes, then deleted and expunged; empty when the INBOX is absent or empty. */
    synchronized List<byte[]> take() throws MessagingException, IOException {
        List<byte[]> raws = new ArrayList<>();
        Folder folder = store.getFolder("INBOX");
        if (!folder.exists()) {
            return raws;
        }
        folder.open(Folder.READ_WRITE);
        Message[] messages = folder.getMessages();
        try {
            for (Message message : messages) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                message.writeTo(out);
                raws.add(out.toByteArray());
            }
        } catch (MessagingException | IOException e) {
            // James 3.8.1's selected-mailbox view can lag behind a mail appended right after an
            // expunge ("Invalid messageset"): take nothing this time, nothing was flagged, read again next time
            folder.close(false);
            return new ArrayList<>();
        }
        for (Message message : messages) {
            message.setFlag(Flags.Flag.DELETED, true);
        }
        folder.close(true);
        return raws;
    }

    @Override
    public void close() throws MessagingException {
        store.close();
    }
}
