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
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.modules.protocols.Pop3GuiceProbe;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.james.utils.WebAdminGuiceProbe;

import io.restassured.RestAssured;

/**
 * A real James memory server booted from the shipped {@code james-conf/conf} folder, exactly as an
 * admin would, except that ports are chosen at random so tests never clash with a running quick
 * start. The working folder outlives {@link #stop()}, so a restart finds its {@code file://}
 * queue again.
 */
public final class MailPlexJames {
    public static final String DOMAIN = "mailplex.local";
    public static final String PLEX = "help@" + DOMAIN;
    public static final String ALICE = "alice@" + DOMAIN;
    public static final String BOB = "bob@" + DOMAIN;
    public static final String CAROL = "carol@" + DOMAIN;
    public static final String SALES = "sales@" + DOMAIN;
    public static final String PASSWORD = "secret";
    public static final MailRepositoryUrl QUEUE = MailRepositoryUrl.from("file://var/mail/mailplex/help/");
    private static final Pattern BIND = Pattern.compile("<bind>([^<]*)</bind>");

    private final Path workingDirectory;
    private GuiceJamesServer server;
    private Clock clock = Clock.systemUTC();

    private MailPlexJames(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    /** The shipped configuration folder. */
    public static Path shippedConf() {
        return Paths.get(System.getProperty("mailplex.conf.dir", "conf")).toAbsolutePath();
    }

    /** Copies the shipped configuration into a new working folder, ports made random. */
    public static MailPlexJames fromShippedConf(Path workingDirectory) throws IOException {
        return fromShippedConf(workingDirectory, UnaryOperator.identity());
    }

    /**
     * Same, with a change applied to {@code mailetcontainer.xml} first: tests of other policies or
     * of bad parameters edit the shipped file rather than keep a copy of their own.
     */
    public static MailPlexJames fromShippedConf(Path workingDirectory, UnaryOperator<String> mailetContainerEdit) throws IOException {
        Path conf = workingDirectory.resolve("conf");
        Files.createDirectories(conf);
        try (Stream<Path> files = Files.list(shippedConf())) {
            for (Path file : files.collect(Collectors.toList())) {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                String name = file.getFileName().toString();
                if (name.equals("mailetcontainer.xml")) {
                    content = mailetContainerEdit.apply(content);
                }
                Files.writeString(conf.resolve(name), randomPorts(name, content), StandardCharsets.UTF_8);
            }
        }
        return new MailPlexJames(workingDirectory);
    }

    /**
     * An edit of the shipped {@code mailetcontainer.xml} that replaces one literal piece of it, and
     * fails when the shipped file no longer has that piece (so an edit never silently does nothing).
     */
    public static UnaryOperator<String> replacing(String shipped, String replacement) {
        return content -> {
            if (!content.contains(shipped)) {
                throw new IllegalStateException("the shipped mailetcontainer.xml has no '" + shipped + "' to edit");
            }
            return content.replace(shipped, replacement);
        };
    }

    /**
     * Every server of the shipped configuration (SMTP, IMAP, POP3, LMTP, ManageSieve, enabled or not)
     * binds 127.0.0.1:0, and webadmin port 0, so a test never collides with the quick start or with
     * another test. A bind this cannot rewrite fails the test rather than take a fixed port.
     */
    private static String randomPorts(String name, String content) {
        if (name.endsWith("server.xml")) {
            String rewritten = content.replaceAll("<bind>127\\.0\\.0\\.1:\\d+</bind>", "<bind>127.0.0.1:0</bind>");
            Matcher bind = BIND.matcher(rewritten);
            while (bind.find()) {
                if (!bind.group(1).equals("127.0.0.1:0")) {
                    throw new IllegalStateException(name + " binds " + bind.group(1) + ": only one 127.0.0.1:<port> per server can be made random");
                }
            }
            return rewritten;
        }
        if (name.equals("webadmin.properties")) {
            return content.replaceAll("(?m)^port=\\d+$", "port=0");
        }
        return content;
    }

    /** Replaces a property in the working copy of a {@code .properties} file, or adds it. */
    public MailPlexJames withProperty(String file, String key, String value) throws IOException {
        Path path = workingDirectory.resolve("conf").resolve(file);
        List<String> lines = Files.exists(path) ? Files.readAllLines(path) : List.of();
        List<String> kept = lines.stream().filter(line -> !line.startsWith(key + "=")).collect(Collectors.toList());
        kept.add(key + "=" + value);
        Files.write(path, kept);
        return this;
    }

    /** Applies {@code edit} to the working copy of a configuration file (one literal piece, see {@link #replacing}). */
    public MailPlexJames editing(String file, UnaryOperator<String> edit) throws IOException {
        Path path = workingDirectory.resolve("conf").resolve(file);
        Files.writeString(path, edit.apply(Files.readString(path, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        return this;
    }

    /** The clock James (and so MailPlex) runs on from the next {@link #start()}. */
    public MailPlexJames withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public MailPlexJames start() throws Exception {
        Clock startClock = clock;
        server = MemoryJamesServerMain.createServer(MemoryJamesConfiguration.builder()
            .workingDirectory(workingDirectory.toFile())
            .build())
            .overrideWith(binder -> binder.bind(Clock.class).toInstance(startClock));
        server.start();
        return this;
    }

    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public MailPlexJames restart() throws Exception {
        stop();
        return start();
    }

    /** Creates the demo users: the plex accounts, alice, bob and carol, password {@value #PASSWORD}. */
    public MailPlexJames withDemoUsers() throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        for (String user : List.of(PLEX, ALICE, BOB, CAROL, SALES)) {
            data.addUser(user, PASSWORD);
        }
        return this;
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    public GuiceJamesServer server() {
        return server;
    }

    public int smtpPort() {
        return server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
    }

    public int imapPort() {
        return server.getProbe(ImapGuiceProbe.class).getImapPort();
    }

    public int pop3Port() {
        return server.getProbe(Pop3GuiceProbe.class).getPop3Port();
    }

    public int webAdminPort() {
        return server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
    }

    public long parked() throws Exception {
        return parked(QUEUE);
    }

    public long parked(MailRepositoryUrl queue) throws Exception {
        return server.getProbe(MailRepositoryProbeImpl.class).getRepositoryMailCount(queue);
    }

    /**
     * The queue keys MailPlex released for {@code plex} since James started, in release order, as
     * its webadmin route {@code GET /mailplex/{plex}/releases} tells.
     */
    public List<String> releasedKeys(String plex) {
        return RestAssured.given()
            .baseUri("http://127.0.0.1")
            .port(webAdminPort())
            .get("/mailplex/" + plex + "/releases")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("key", String.class);
    }

    public SmtpClient smtp() {
        return new SmtpClient("127.0.0.1", smtpPort());
    }

    public ImapClient imap(String user) {
        return new ImapClient("127.0.0.1", imapPort(), user, PASSWORD);
    }
}
