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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * An RSA key pair for James's webadmin JWT authentication: {@link #trustedBy} writes its public key
 * into a James's configuration and turns JWT on; {@link #token} signs RS256 tokens as James's
 * {@code JwtTokenVerifier} expects them.
 */
public final class JwtKeys {
    private final KeyPair keyPair;

    private JwtKeys(KeyPair keyPair) {
        this.keyPair = keyPair;
    }

    public static JwtKeys generate() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return new JwtKeys(generator.generateKeyPair());
    }

    /** Makes {@code james} (not started yet) require JWTs signed with this key on webadmin. */
    public MailPlexJames trustedBy(MailPlexJames james) throws IOException {
        Files.writeString(james.workingDirectory().resolve("conf/jwt_publickey"), "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keyPair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
        return james.withProperty("webadmin.properties", "jwt.enabled", "true")
            .withProperty("webadmin.properties", "jwt.publickeypem.url", "file://conf/jwt_publickey");
    }

    /** A token for {@code subject}, with the {@code admin} claim James checks. */
    public String token(String subject, boolean admin) throws GeneralSecurityException {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = base64.encodeToString(("{\"sub\":\"" + subject + "\",\"admin\":" + admin + ",\"iat\":"
            + Instant.now().getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(keyPair.getPrivate());
        signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + base64.encodeToString(signature.sign());
    }
}
