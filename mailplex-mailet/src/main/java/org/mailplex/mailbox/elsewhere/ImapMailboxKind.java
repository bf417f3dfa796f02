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

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.mailplex.core.MailboxSpec;
import org.mailplex.mailbox.OperatorMailbox;
import org.mailplex.mailbox.OperatorMailboxKind;

/**
 * A mailbox on another server read over IMAP: kind {@code imap}. Parameters: {@code url}
 * ({@code imaps://host[:port]/FOLDER}; {@code imap://} only with {@code allowPlaintext=true}),
 * {@code login}, {@code password} (webadmin, kept in the roster store) or {@code passwordFile} (a
 * file only James may read), {@code deliver} ({@code imap}: APPEND into that folder, the default;
 * {@code smtp}: through James's outgoing pipeline) and {@code pollInterval} (when the server has no
 * IDLE; default 30s); with {@code deliver=smtp}, {@code processor} names the processor the mail
 * starts in ({@code relay} by default).
 */
public class ImapMailboxKind implements OperatorMailboxKind {
    public static final String NAME = "imap";
    public static final String URL = "url";
    public static final String LOGIN = "login";
    public static final String PASSWORD_FILE = "passwordFile";
    public static final String POLL_INTERVAL = "pollInterval";
    public static final String ALLOW_PLAINTEXT = "allowPlaintext";
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);
    private static final Set<String> KNOWN = Set.of(URL, LOGIN, MailboxSpec.PASSWORD, PASSWORD_FILE, MailboxSpec.DELIVER, POLL_INTERVAL,
        ALLOW_PLAINTEXT, SmtpHandOver.PROCESSOR);

    /** How mail reaches her. */
    enum Deliver {
        IMAP,
        SMTP
    }

    private final SmtpHandOver smtp;

    @Inject
    public ImapMailboxKind(SmtpHandOver smtp) {
        this.smtp = smtp;
    }

    @Override
    public void validate(MailboxSpec spec) {
        Settings.requireKnown(spec, KNOWN);
        URI url = url(spec);
        Settings.required(spec, LOGIN);
        boolean hasPassword = spec.parameter(MailboxSpec.PASSWORD).isPresent();
        Optional<String> passwordFile = spec.parameter(PASSWORD_FILE);
        if (hasPassword == passwordFile.isPresent()) {
            throw new IllegalArgumentException("an imap mailbox needs either password or passwordFile (one of them)");
        }
        passwordFile.ifPresent(file -> readPassword(Path.of(file)));
        deliver(spec);
        pollInterval(spec);
        if (url.getScheme().equals("imap") && !spec.parameter(ALLOW_PLAINTEXT).map("true"::equals).orElse(false)) {
            throw new IllegalArgumentException("url " + url + " is plain IMAP: the password would cross the network in clear; use "
                + "imaps://, or set allowPlaintext=true (loopback tests only)");
        }
        spec.parameter(ALLOW_PLAINTEXT).filter(value -> !value.equals("true") && !value.equals("false")).ifPresent(value -> {
            throw new IllegalArgumentException("allowPlaintext must be true or false, got '" + value + "'");
        });
    }

    static URI url(MailboxSpec spec) {
        String value = Settings.required(spec, URL);
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url '" + value + "' is not a URL such as imaps://imap.partner.org/INBOX");
        }
        if (url.getScheme() == null || !(url.getScheme().equals("imaps") || url.getScheme().equals("imap")) || url.getHost() == null) {
            throw new IllegalArgumentException("url '" + value + "' must be imaps://host[:port]/FOLDER (or imap:// with allowPlaintext=true)");
        }
        if (url.getUserInfo() != null) {
            throw new IllegalArgumentException("url must not carry a login or password: use login and password or passwordFile");
        }
        return url;
    }

    /** The folder the url names; INBOX when it names none. */
    static String folder(URI url) {
        String path = url.getPath() == null ? "" : url.getPath().replaceFirst("^/", "");
        return path.isEmpty() ? "INBOX" : path;
    }

    static Deliver deliver(MailboxSpec spec) {
        String value = spec.parameter(MailboxSpec.DELIVER).orElse("imap");
        switch (value) {
            case "imap":
                return Deliver.IMAP;
            case "smtp":
                return Deliver.SMTP;
            default:
                throw new IllegalArgumentException("deliver must be imap or smtp, got '" + value + "'");
        }
    }

    static Duration pollInterval(MailboxSpec spec) {
        Optional<String> value = spec.parameter(POLL_INTERVAL);
        if (value.isEmpty()) {
            return DEFAULT_POLL_INTERVAL;
        }
        Duration interval;
        try {
            interval = Settings.duration(value.get());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("pollInterval must be a duration such as 30s, got '" + value.get() + "'");
        }
        if (interval.compareTo(Duration.ofMillis(500)) < 0) {
            throw new IllegalArgumentException("pollInterval must be at least 500ms, got '" + value.get() + "'");
        }
        return interval;
    }

    /** The password in {@code file}, which only the user running James may read (mode 0600 or 0400). */
    static String readPassword(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            for (PosixFilePermission permission : permissions) {
                if (permission.name().startsWith("GROUP") || permission.name().startsWith("OTHERS")) {
                    throw new IllegalArgumentException("passwordFile " + file + " may be read by others (" + permission
                        + "): chmod 600 it");
                }
            }
            String password = Files.readString(file).strip();
            if (password.isEmpty()) {
                throw new IllegalArgumentException("passwordFile " + file + " is empty");
            }
            return password;
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("passwordFile " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public OperatorMailbox open(Target target) {
        validate(target.spec());
        ImapMailbox mailbox = new ImapMailbox(target, smtp);
        mailbox.start();
        return mailbox;
    }
}
