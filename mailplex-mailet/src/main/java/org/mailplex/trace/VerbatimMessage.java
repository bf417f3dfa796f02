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


import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;

/**
 * A message that James's mail repositories write out exactly as it was received.
 *
 * <p>{@code FileMailRepository} stores a {@link MimeMessageWrapper} by parsing it and calling
 * {@code saveChanges()}: header lines are written back as US-ASCII (8-bit and UTF-8 header bytes
 * become {@code ?}) and malformed MIME is re-encoded. MailPlex promises byte-for-byte delivery,
 * so the copy it parks is this wrapper, whose every write is a plain copy of the original bytes
 * and which never parses anything.</p>
 */
public final class VerbatimMessage extends MimeMessageWrapper {
    private static final byte[] CRLF = {'\r', '\n'};

    private final MimeMessageSource bytes;

    private VerbatimMessage(MimeMessageSource bytes) {
        super(bytes);
        this.bytes = bytes;
    }

    /**
     * The raw bytes of {@code original}: the untouched source of a James message (what SMTP
     * received, Received header included), or what JavaMail writes for any other message, without
     * any {@code X-MailPlex-*} header field ({@link WithoutTraceHeaders}): a parked mail carries no
     * trace but the one MailPlex adds when it releases it.
     */
    public static VerbatimMessage of(MimeMessage original, String id) {
        return new VerbatimMessage(new MimeMessageSource() {
            @Override
            public String getSourceId() {
                return "mailplex-verbatim-" + id;
            }

            @Override
            public InputStream getInputStream() throws IOException {
                return new WithoutTraceHeaders(rawStream(original));
            }
        });
    }

    /**
     * The message's bytes as James holds them, without parsing or re-encoding anything James did
     * not change.
     *
     * <p>An untouched James message is its source, byte for byte. A mailet that only touched the
     * headers (the stock {@code RemoveMimeHeader bcc} marks every mail so, even when there is no
     * Bcc) makes James write the header lines back as US-ASCII, turning 8-bit and UTF-8 header
     * bytes into {@code ?}; here they are written back byte for byte instead (JavaMail reads header
     * bytes as ISO-8859-1 characters, or as UTF-8 when {@code mail.mime.allowutf8} is set), followed
     * by the untouched body. A changed body is James's own serialisation.</p>
     */
    public static InputStream rawStream(MimeMessage message) throws IOException {
        try {
            if (message instanceof MimeMessageWrapper) {
                MimeMessageWrapper wrapper = (MimeMessageWrapper) message;
                if (wrapper.isHeaderModified() && !wrapper.isBodyModified()) {
                    return new SequenceInputStream(new ByteArrayInputStream(headerBytes(wrapper.getAllHeaderLines())),
                        wrapper.getRawInputStream());
                }
                return wrapper.getMessageInputStream();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return new ByteArrayInputStream(out.toByteArray());
        } catch (MessagingException e) {
            throw new IOException("cannot read the message", e);
        }
    }

    /** Header lines as James lays them out (CRLF after each, a blank line after the last), bytes kept. */
    private static byte[] headerBytes(Enumeration<String> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean any = false;
        while (lines.hasMoreElements()) {
            String line = lines.nextElement();
            boolean latin1 = line.chars().allMatch(c -> c <= 0xFF);
            out.writeBytes(line.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
            out.writeBytes(CRLF);
            any = true;
        }
        if (any) {
            out.writeBytes(CRLF);
        }
        return out.toByteArray();
    }

    /** Nothing to load: this message is only ever written out, from its source. */
    @Override
    public void loadMessage() {
    }

    @Override
    public void writeTo(OutputStream headerOs, OutputStream bodyOs, String[] ignoreList, boolean preLoad) throws IOException, MessagingException {
        if (headerOs != bodyOs || (ignoreList != null && ignoreList.length > 0)) {
            throw new MessagingException("MailPlex parks messages verbatim: a split or filtered write is not supported");
        }
        try (InputStream in = bytes.getInputStream()) {
            in.transferTo(headerOs);
        }
    }
}
