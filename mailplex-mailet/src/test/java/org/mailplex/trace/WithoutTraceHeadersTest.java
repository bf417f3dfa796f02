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

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WithoutTraceHeadersTest {
    private static String strip(String raw) throws IOException {
        try (InputStream in = new WithoutTraceHeaders(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void traceFieldsShouldGoWithTheirContinuationLinesWhateverTheirCase() throws Exception {
        String raw = "Received: from x\r\n\tby y\r\nX-MailPlex-Plex: help@911.gov\r\nx-mailplex-ticket: forged\r\n"
            + " continued\r\nSubject: hi\r\n\r\nX-MailPlex-Plex: in the body stays\r\n";

        assertThat(strip(raw)).isEqualTo("Received: from x\r\n\tby y\r\nSubject: hi\r\n\r\nX-MailPlex-Plex: in the body stays\r\n");
    }

    @Test
    void everythingElseShouldPassByteForByte() throws Exception {
        String raw = "From: a@b\nSubject: café\n\nbody ÿ\r\n.\r\n";

        assertThat(strip(raw)).isEqualTo(raw);
    }

    @Test
    void aMessageWithoutBodyShouldKeepItsOtherHeaders() throws Exception {
        assertThat(strip("Subject: hi\r\nX-MailPlex-Operator: bob@911.gov\r\n")).isEqualTo("Subject: hi\r\n");
    }

    @Test
    void aHeaderMerelyStartingLikeTheTraceShouldStay() throws Exception {
        assertThat(strip("X-MailPlexer: kept\r\n\r\n")).isEqualTo("X-MailPlexer: kept\r\n\r\n");
    }
}
