package org.mailplex.it;

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

/** An operator's independent IMAP client (Jakarta Mail 2): what is in the INBOX, and draining it. */
public final class ImapOperator {
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    public ImapOperator(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    public String user() {
        return user;
    }

    private Store connect() throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.imap.connectiontimeout", "10000");
        properties.put("mail.imap.timeout", "60000");
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect(host, port, user, password);
        return store;
    }

    /** Subjects in the folder, in mailbox order; an absent folder is empty. */
    public List<String> subjects(String folderName) throws MessagingException {
        List<String> subjects = new ArrayList<>();
        try (Store store = connect()) {
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) {
                return subjects;
            }
            folder.open(Folder.READ_ONLY);
            try {
                for (Message message : folder.getMessages()) {
                    subjects.add(message.getSubject());
                }
            } finally {
                folder.close(false);
            }
        }
        return subjects;
    }

    public List<String> subjects() throws MessagingException {
        return subjects("INBOX");
    }

    /** Every message of the INBOX as raw bytes (BODY.PEEK[]), leaving flags untouched. */
    public List<byte[]> rawMessages() throws MessagingException, IOException {
        List<byte[]> raws = new ArrayList<>();
        try (Store store = connect()) {
            Folder folder = store.getFolder("INBOX");
            folder.open(Folder.READ_ONLY);
            try {
                for (Message message : folder.getMessages()) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    message.writeTo(out);
                    raws.add(out.toByteArray());
                }
            } finally {
                folder.close(false);
            }
        }
        return raws;
    }

    /** Handles the mail: deletes every message of the folder and expunges. Returns the subjects. */
    public List<String> drain(String folderName) throws MessagingException {
        List<String> subjects = new ArrayList<>();
        try (Store store = connect()) {
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) {
                return subjects;
            }
            folder.open(Folder.READ_WRITE);
            for (Message message : folder.getMessages()) {
                subjects.add(message.getSubject());
                message.setFlag(Flags.Flag.DELETED, true);
            }
            folder.close(true);
        }
        return subjects;
    }

    public List<String> drain() throws MessagingException {
        return drain("INBOX");
    }

    /** Reads every message (sets \Seen) and keeps it. */
    public void markAllSeen(String folderName) throws MessagingException {
        try (Store store = connect()) {
            Folder folder = store.getFolder(folderName);
            folder.open(Folder.READ_WRITE);
            if (folder.getMessageCount() > 0) {
                folder.setFlags(1, folder.getMessageCount(), new Flags(Flags.Flag.SEEN), true);
            }
            folder.close(false);
        }
    }

    /** The raw header block of the first message with this subject in the folder, if any. */
    public java.util.Optional<String> header(String folderName, String subject, String headerName) throws MessagingException {
        try (Store store = connect()) {
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) {
                return java.util.Optional.empty();
            }
            folder.open(Folder.READ_ONLY);
            try {
                for (Message message : folder.getMessages()) {
                    if (subject.equals(message.getSubject())) {
                        String[] values = message.getHeader(headerName);
                        return values == null ? java.util.Optional.empty() : java.util.Optional.of(values[0]);
                    }
                }
            } finally {
                folder.close(false);
            }
        }
        return java.util.Optional.empty();
    }
}
