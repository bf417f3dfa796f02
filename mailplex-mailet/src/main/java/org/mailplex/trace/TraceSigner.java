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

package org.mailplex.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.mailplex.state.FileTraceSecretStore;
import org.mailplex.state.TraceSecretStore;

/**
 * Signs the trace of a delivered mail with a secret only this installation knows, so that a mail
 * coming back to its plex is recognised as MailPlex's own (a loop), and a trace header forged by
 * anyone outside is not. The secret is 32 random bytes in {@value #FILE_NAME} under MailPlex's state
 * folder, made at the first start and kept (readable by James's user only, where the file system
 * allows).
 */
public final class TraceSigner {
    static final String FILE_NAME = FileTraceSecretStore.FILE_NAME;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec secret;

    TraceSigner(byte[] secret) {
        this.secret = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** Signs with the secret {@code store} keeps (made there if there is none yet). */
    public static TraceSigner of(TraceSecretStore store) throws IOException {
        return new TraceSigner(store.secret());
    }

    /** Signs with the secret kept in {@code folder}. */
    public static TraceSigner inFolder(Path folder) throws IOException {
        return of(new FileTraceSecretStore(folder));
    }

    /** The signature of the mail released under {@code key} by {@code plex}. */
    public String sign(String plex, String key, String binding) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            byte[] digest = mac.doFinal((plex.toLowerCase(Locale.ROOT) + "\n" + key + "\n" + binding).getBytes(StandardCharsets.UTF_8));
            return hex(digest, 16);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static String hex(byte[] bytes, int length) {
        StringBuilder hex = new StringBuilder(2 * length);
        for (int i = 0; i < length; i++) {
            hex.append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xff));
        }
        return hex.toString();
    }

    /** Whether {@code signature} is this installation's for {@code plex} and {@code key}; constant time. */
    /**
     * The ticket of a trace this installation signed for {@code plex}: the trace names the plex
     * (whatever the case) and one of its tickets has a genuine signature. Empty for a forged trace,
     * another plex's, or none.
     */
    public Optional<String> genuineTicket(String plex, List<String> plexes, List<String> tickets, List<String> signatures,
                                          String binding) {
        if (plexes.stream().noneMatch(value -> value.trim().equalsIgnoreCase(plex))) {
            return Optional.empty();
        }
        return tickets.stream()
            .map(String::trim)
            .filter(ticket -> signatures.stream().anyMatch(signature -> isGenuine(plex, ticket, signature, binding)))
            .findFirst();
    }

    public boolean isGenuine(String plex, String key, String signature, String binding) {
        if (plex == null || key == null || signature == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(plex, key, binding).getBytes(StandardCharsets.US_ASCII),
            signature.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
