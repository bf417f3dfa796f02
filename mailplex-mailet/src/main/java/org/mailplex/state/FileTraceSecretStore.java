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

package org.mailplex.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The trace secret in {@value #FILE_NAME} under MailPlex's state root: 32 random bytes as hex, made
 * at the first start, readable by James's user only. Back it up with the rest of {@code var/mailplex/}.
 */
public final class FileTraceSecretStore implements TraceSecretStore {
    public static final String FILE_NAME = "trace-secret";
    private static final int SECRET_BYTES = 32;
    private static final int MIN_HEX = 32;

    private final Path file;

    public FileTraceSecretStore(Path folder) {
        this.file = folder.resolve(FILE_NAME);
    }

    @Override
    public synchronized byte[] secret() throws IOException {
        if (!Files.exists(file)) {
            byte[] secret = new byte[SECRET_BYTES];
            new SecureRandom().nextBytes(secret);
            AtomicFiles.write(file, hex(secret) + "\n");
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
        }
        String hex = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            if (hex.length() < MIN_HEX || hex.length() % 2 != 0) {
                throw new IllegalArgumentException("too short");
            }
            byte[] secret = new byte[hex.length() / 2];
            for (int i = 0; i < secret.length; i++) {
                secret[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
            }
            return secret;
        } catch (IllegalArgumentException e) {
            throw new IOException("MailPlex trace secret " + file + " is not hex of at least 16 bytes; remove it to make a new one", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
