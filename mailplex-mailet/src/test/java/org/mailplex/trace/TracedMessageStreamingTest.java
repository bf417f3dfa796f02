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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.junit.jupiter.api.Test;

/**
 * Delivery streams the parked message: a 200 MB mail goes through {@link TracedMessage} in a JVM
 * whose whole heap is 64 MB. Copying it into an array even once would end in OutOfMemoryError.
 */
class TracedMessageStreamingTest {
    private static final long MAIL_BYTES = 200L * 1024 * 1024;

    @Test
    void aMailLargerThanTheHeapShouldBeStreamedToTheMailbox() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"), Probe.class.getName(),
            String.valueOf(MAIL_BYTES))
            .redirectErrorStream(true)
            .start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(probe.exitValue()).as(output).isZero();
        byte[] trace = TraceHeaders.lines(new MailAddress("help@911.gov"), "alice@911.gov", Probe.KEY, Probe.PARKED_AT, Probe.SIGNATURE);
        assertThat(output).contains("streamed " + (MAIL_BYTES + trace.length) + " bytes, size " + (MAIL_BYTES + trace.length));
    }

    /** Runs in the small JVM: streams a generated mail of the given size through a TracedMessage. */
    public static final class Probe {
        static final String KEY = "1764237600000-000000-0000000a";
        static final Instant PARKED_AT = Instant.parse("2026-11-27T10:00:00Z");
        static final String SIGNATURE = "0123456789abcdef0123456789abcdef";

        public static void main(String[] args) throws Exception {
            long bytes = Long.parseLong(args[0]);
            MimeMessageWrapper parked = new MimeMessageWrapper(new GeneratedSource(bytes));
            byte[] trace = TraceHeaders.lines(new MailAddress("help@911.gov"), "alice@911.gov", KEY, PARKED_AT, SIGNATURE);
            TracedMessage message = new TracedMessage(trace, parked);
            long size = message.size();
            long streamed = 0;
            try (InputStream in = new DigestInputStream(message.getInputStream(), MessageDigest.getInstance("SHA-256"))) {
                byte[] buffer = new byte[64 * 1024];
                int read;
                while ((read = in.read(buffer)) > 0) {
                    streamed += read;
                }
            }
            System.out.println("streamed " + streamed + " bytes, size " + size + ", heap max " + Runtime.getRuntime().maxMemory());
        }
    }

    /** A message of {@code size} bytes made on the fly: headers, then lines of text. */
    private static final class GeneratedSource implements MimeMessageSource {
        private static final byte[] HEADER = String.join("\r\n", List.of("From: customer@example.org", "To: help@911.gov",
            "Subject: big", "Message-ID: <big@example.org>", "", "")).getBytes(StandardCharsets.US_ASCII);
        private static final byte[] LINE = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n"
            .getBytes(StandardCharsets.US_ASCII);

        private final long size;

        GeneratedSource(long size) {
            this.size = size;
        }

        @Override
        public String getSourceId() {
            return "generated-" + size;
        }

        @Override
        public long getMessageSize() {
            return size;
        }

        @Override
        public InputStream getInputStream() {
            return new InputStream() {
                private long position;

                @Override
                public int read() {
                    if (position >= size) {
                        return -1;
                    }
                    long at = position++;
                    return at < HEADER.length ? HEADER[(int) at] : LINE[(int) ((at - HEADER.length) % LINE.length)];
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    if (position >= size) {
                        return -1;
                    }
                    int count = (int) Math.min(length, size - position);
                    for (int i = 0; i < count; i++) {
                        buffer[offset + i] = (byte) read();
                    }
                    return count;
                }
            };
        }
    }
}
