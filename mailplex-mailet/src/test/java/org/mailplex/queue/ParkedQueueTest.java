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

package org.mailplex.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailplex.plex.MemoryMailPlex.CAROL;
import static org.mailplex.plex.MemoryMailPlex.CUSTOMER;
import static org.mailplex.plex.MemoryMailPlex.PLEX;
import static org.mailplex.plex.MemoryMailPlex.address;
import static org.mailplex.plex.MemoryMailPlex.mail;
import static org.mailplex.plex.MemoryMailPlex.mailTo;
import static org.mailplex.plex.MemoryMailPlex.rawMessage;
import static org.mailplex.plex.MemoryMailPlex.rawMessageWithEightBitHeader;
import static org.mailplex.plex.MemoryMailPlex.verbatim;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.file.FileMailRepository;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.trace.VerbatimMessage;

/**
 * A plex's queue on James's {@link MemoryMailRepository} (what the memory app registers) and
 * {@link FileMailRepository} (what the shipped configuration declares for {@code file://}).
 *
 * <p>Byte for byte means: headers as James holds them, every body byte. James 3.8.1 writes header
 * lines as US-ASCII whenever it copies a message ({@code MimeMessageWrapper.writeTo}, used by
 * {@code MailImpl.duplicate} in its spool and by both repositories on retrieve), so 8-bit header
 * bytes never reach a mailet intact and never come back intact from a repository; what MailPlex
 * itself writes is checked on the file.</p>
 */
class ParkedQueueTest {
    @Nested
    class OnMemoryMailRepository extends Contract {
        @Override
        MailRepository newRepository() {
            return new MemoryMailRepository();
        }

    }

    @Nested
    class OnFileMailRepository extends Contract {
        @TempDir
        Path jamesHome;

        @Override
        MailRepository newRepository() throws Exception {
            FileMailRepository repository = new FileMailRepository();
            repository.setFileSystem(new FolderFileSystem(jamesHome));
            BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
            configuration.addProperty("[@destinationURL]", "file://var/mail/mailplex/help/");
            repository.configure(configuration);
            repository.init();
            return repository;
        }

        /**
         * What MailPlex writes is the original, 8-bit header bytes included. (James 3.8.1 gives
         * them back as '?' on retrieve, as its spool already did before any mailet: see the
         * class comment.)
         */
        @Test
        void parkShouldWriteEightBitHeaderBytesToTheRepositoryFile() throws Exception {
            byte[] raw = rawMessageWithEightBitHeader("first", "<first@example.org>");

            queue.park(rawMail(raw), OLDEST, PARKED_AT);

            // the repository's one message file (its name is the key, hex encoded)
            try (var files = Files.walk(jamesHome)) {
                assertThat(files.filter(file -> file.getFileName().toString().endsWith(".FileStreamStore")))
                    .singleElement()
                    .satisfies(file -> assertThat(Files.readAllBytes(file)).isEqualTo(raw));
            }
        }
    }

    /** James's {@code file://} paths under one folder. */
    private static final class FolderFileSystem implements FileSystem {
        private final Path home;

        private FolderFileSystem(Path home) {
            this.home = home;
        }

        @Override
        public InputStream getResource(String url) throws IOException {
            return new FileInputStream(getFile(url));
        }

        @Override
        public File getFile(String fileURL) {
            return home.resolve(fileURL.substring(FileSystem.FILE_PROTOCOL.length())).toFile();
        }

        @Override
        public File getBasedir() {
            return home.toFile();
        }
    }

    abstract static class Contract {
        static final String OLDEST = "1764064800000-000000-0a0b0c0d";
        private static final String MIDDLE = "1764064800000-000001-0a0b0c0d";
        private static final String NEWEST = "1764064800001-000000-01234567";
        static final Date PARKED_AT = Date.from(Instant.parse("2025-11-25T10:00:00Z"));

        MailRepository repository;
        ParkedQueue queue;
        private Mail retrieved;

        abstract MailRepository newRepository() throws Exception;

        @BeforeEach
        void setUp() throws Exception {
            repository = newRepository();
            queue = new ParkedQueue(address(PLEX), repository);
        }

        @AfterEach
        void dispose() {
            LifecycleUtil.dispose(retrieved);
        }

        private Mail retrieve(String key) throws Exception {
            retrieved = queue.retrieve(key).orElseThrow();
            return retrieved;
        }

        private static byte[] raw(Mail mail) throws Exception {
            try (InputStream in = VerbatimMessage.rawStream(mail.getMessage())) {
                return in.readAllBytes();
            }
        }

        @Test
        void retrieveShouldGiveBackTheParkedMessageByteForByte() throws Exception {
            queue.park(mail("first"), OLDEST, PARKED_AT);

            assertThat(raw(retrieve(OLDEST))).isEqualTo(rawMessage("first", "<first@example.org>"));
        }

        @Test
        void parkShouldWriteHeadersBackAsTheyWereWhenAMailetOnlyChangedHeaders() throws Exception {
            queue.park(mailWithBccRemoved(rawMessage("first", "<first@example.org>")), OLDEST, PARKED_AT);

            assertThat(new String(raw(retrieve(OLDEST)), StandardCharsets.UTF_8))
                .isEqualTo(new String(rawMessage("first", "<first@example.org>"), StandardCharsets.UTF_8));
        }

        /** {@code raw} with a Bcc line, which a mailet then removed, as the stock {@code RemoveMimeHeader bcc} does to every mail. */
        private static FakeMail mailWithBccRemoved(byte[] raw) throws Exception {
            byte[] withBcc = ("Bcc: hidden@example.org\r\n" + new String(raw, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            MimeMessageWrapper message = verbatim(withBcc);
            message.removeHeader("Bcc");
            assertThat(message.isHeaderModified()).isTrue();
            assertThat(message.isBodyModified()).isFalse();
            return FakeMail.builder().name("bcc").sender(CUSTOMER).recipient(PLEX).mimeMessage(message).build();
        }

        static FakeMail rawMail(byte[] raw) throws Exception {
            return FakeMail.builder().name("raw").sender(CUSTOMER).recipient(PLEX).mimeMessage(verbatim(raw)).build();
        }

        @Test
        void parkShouldAddressTheCopyToThePlexOnlyUnderItsKey() throws Exception {
            queue.park(mailTo("first", CAROL, PLEX), OLDEST, PARKED_AT);

            Mail parked = retrieve(OLDEST);
            assertThat(parked.getName()).isEqualTo(OLDEST);
            assertThat(parked.getRecipients()).containsExactly(address(PLEX));
            assertThat(parked.getMaybeSender().asOptional()).contains(address(CUSTOMER));
            assertThat(parked.getLastUpdated()).isEqualTo(PARKED_AT);
        }

        @Test
        void parkShouldKeepTheMailsAttributes() throws Exception {
            FakeMail mail = mail("first");
            mail.setAttribute(Attribute.convertToAttribute("org.example.spam-score", "0.5"));

            queue.park(mail, OLDEST, PARKED_AT);

            assertThat(retrieve(OLDEST).getAttribute(Attribute.convertToAttribute("org.example.spam-score", "").getName())
                .map(Attribute::getValue))
                .contains(AttributeValue.of("0.5"));
        }

        @Test
        void retrieveShouldBeEmptyForAKeyNeverParked() throws Exception {
            assertThat(queue.retrieve(OLDEST)).isEmpty();
        }

        @Test
        void keysShouldBeOldestFirstWhateverTheParkingOrder() throws Exception {
            queue.park(mail("newest"), NEWEST, PARKED_AT);
            queue.park(mail("oldest"), OLDEST, PARKED_AT);
            queue.park(mail("middle"), MIDDLE, PARKED_AT);

            assertThat(queue.keys()).containsExactly(OLDEST, MIDDLE, NEWEST);
        }

        @Test
        void keysShouldSkipMailsThatAreNotMailPlexKeys() throws Exception {
            queue.park(mail("first"), OLDEST, PARKED_AT);
            repository.store(FakeMail.builder().name("stored-by-someone-else").recipient(PLEX).mimeMessage(mail("x").getMessage()).build());

            assertThat(repository.size()).isEqualTo(2);
            assertThat(queue.keys()).containsExactly(OLDEST);
        }

        @Test
        void keysShouldBeEmptyForAnEmptyQueue() throws Exception {
            assertThat(queue.keys()).isEmpty();
        }

        @Test
        void removeShouldTakeOnlyThatMailOut() throws Exception {
            queue.park(mail("first"), OLDEST, PARKED_AT);
            queue.park(mail("second"), MIDDLE, PARKED_AT);

            queue.remove(OLDEST);

            assertThat(queue.retrieve(OLDEST)).isEmpty();
            assertThat(queue.keys()).containsExactly(MIDDLE);
        }

        @Test
        void removeShouldDoNothingForAKeyNotThere() throws Exception {
            queue.park(mail("first"), OLDEST, PARKED_AT);

            queue.remove(NEWEST);

            assertThat(queue.keys()).containsExactly(OLDEST);
            assertThat(repository.retrieve(new MailKey(NEWEST))).isNull();
        }

        @Test
        void parkingTheSameKeyAgainShouldReplaceTheMail() throws Exception {
            queue.park(mail("first"), OLDEST, PARKED_AT);
            queue.park(mail("again"), OLDEST, PARKED_AT);

            assertThat(queue.keys()).containsExactly(OLDEST);
            assertThat(Optional.ofNullable(retrieve(OLDEST).getMessage().getSubject())).contains("again");
        }
    }
}
