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

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Content;
import org.mailplex.core.BusyWhen;
import org.mailplex.core.MailboxSpec;
import org.mailplex.mailbox.OperatorMailbox;
import org.mailplex.mailbox.OperatorMailboxKind;
import org.mailplex.mailbox.UnreachableMailboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code isfree.pl}, in any language: kind {@code command}. MailPlex runs the program
 * {@code command} with the operator's address as its one argument and reads how many mails she
 * holds from its standard output: one whole number, 0 or more. A program that runs longer than
 * {@code timeout} (it is killed), exits non-zero, or prints anything else (more than {@value
 * #MAX_OUTPUT} bytes is cut off) gives "unknown": she is {@code unreachable}, never free. Mail
 * reaches her by SMTP ({@link SmtpHandOver}, starting in the processor {@code processor}, {@code
 * relay} by default).
 */
public class CommandMailboxKind implements OperatorMailboxKind {
    public static final String NAME = "command";
    public static final String COMMAND = "command";
    public static final String TIMEOUT = "timeout";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_OUTPUT = 1024;
    private static final Set<String> KNOWN = Set.of(COMMAND, TIMEOUT, MailboxSpec.DELIVER, SmtpHandOver.PROCESSOR);
    private static final Pattern COUNT = Pattern.compile("\\s*[0-9]{1,9}\\s*");
    private static final Logger LOGGER = LoggerFactory.getLogger(CommandMailboxKind.class);

    private final SmtpHandOver smtp;

    @Inject
    public CommandMailboxKind(SmtpHandOver smtp) {
        this.smtp = smtp;
    }

    @Override
    public void validate(MailboxSpec spec) {
        Settings.requireKnown(spec, KNOWN);
        Path program = Path.of(Settings.required(spec, COMMAND));
        if (!program.isAbsolute() || !Files.isExecutable(program)) {
            throw new IllegalArgumentException("command must be the absolute path of an executable program, got '" + program + "'");
        }
        timeout(spec);
        Optional<String> deliver = spec.parameter(MailboxSpec.DELIVER);
        if (deliver.isPresent() && !deliver.get().equals("smtp")) {
            throw new IllegalArgumentException("deliver of a command mailbox can only be smtp, got '" + deliver.get() + "'");
        }
    }

    static Duration timeout(MailboxSpec spec) {
        Optional<String> value = spec.parameter(TIMEOUT);
        if (value.isEmpty()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            Duration timeout = Settings.duration(value.get());
            if (timeout.compareTo(Duration.ofMillis(100)) < 0) {
                throw new IllegalArgumentException("timeout must be at least 100ms, got '" + value.get() + "'");
            }
            return timeout;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("timeout must be a duration such as 5s, got '" + value.get() + "'");
        }
    }

    @Override
    public OperatorMailbox open(Target target) {
        validate(target.spec());
        return new CommandMailbox(target, smtp);
    }

    /** One operator's check. */
    static final class CommandMailbox implements OperatorMailbox {
        private final String operator;
        private final Path program;
        private final Duration timeout;
        private final SmtpHandOver smtp;
        private final String processor;
        private final AtomicReference<String> problem = new AtomicReference<>();

        CommandMailbox(Target target, SmtpHandOver smtp) {
            this.operator = target.operator();
            this.program = Path.of(target.spec().parameter(COMMAND).orElseThrow());
            Duration configured = timeout(target.spec());
            // leave MailPlex's own bound some room: the check gives up first
            this.timeout = configured.compareTo(target.callTimeout()) < 0 ? configured : target.callTimeout().dividedBy(2);
            this.smtp = smtp;
            this.processor = target.spec().parameter(SmtpHandOver.PROCESSOR).orElse(SmtpHandOver.DEFAULT_PROCESSOR);
        }

        @Override
        public long held(BusyWhen busyWhen) throws MailboxException {
            try {
                long held = run();
                if (problem.getAndSet(null) != null) {
                    LOGGER.info("MailPlex: the check {} answers for {} again", program, operator);
                }
                return held;
            } catch (UnreachableMailboxException e) {
                if (!e.getMessage().equals(problem.getAndSet(e.getMessage()))) {
                    LOGGER.warn("MailPlex: {}", e.getMessage());
                }
                throw e;
            }
        }

        private long run() throws UnreachableMailboxException {
            Process process;
            try {
                process = new ProcessBuilder(program.toString(), operator)
                    .redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            } catch (IOException e) {
                throw new UnreachableMailboxException("the check " + program + " for " + operator + " cannot be started: " + e.getMessage(),
                    e);
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> readBounded(process.getInputStream(), output), "mailplex-check-" + operator);
            reader.setDaemon(true);
            reader.start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(process);
                    throw new UnreachableMailboxException("the check " + program + " for " + operator + " gave no answer within " + timeout
                        + " and was killed");
                }
                reader.join(timeout.toMillis());
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
                throw new UnreachableMailboxException("the check " + program + " for " + operator + " was interrupted", e);
            }
            if (process.exitValue() != 0) {
                throw new UnreachableMailboxException("the check " + program + " for " + operator + " exited with " + process.exitValue()
                    + ": her load is unknown");
            }
            String printed;
            synchronized (output) {
                printed = output.toString(StandardCharsets.UTF_8);
            }
            if (!COUNT.matcher(printed).matches()) {
                throw new UnreachableMailboxException("the check " + program + " for " + operator + " printed '" + shown(printed)
                    + "' instead of a whole number: her load is unknown");
            }
            return Long.parseLong(printed.trim());
        }

        private static void kill(Process process) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        /** Keeps the first {@value #MAX_OUTPUT} bytes and drains the rest, so the program never blocks on a full pipe. */
        private static void readBounded(InputStream in, ByteArrayOutputStream output) {
            byte[] buffer = new byte[512];
            try (in) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    synchronized (output) {
                        int room = MAX_OUTPUT + 1 - output.size();
                        if (room > 0) {
                            output.write(buffer, 0, Math.min(room, read));
                        }
                    }
                }
            } catch (IOException e) {
                // the program ended or was killed: what was read is what it printed
            }
        }

        private static String shown(String printed) {
            String oneLine = printed.replaceAll("[^\\x20-\\x7e]", "?");
            return oneLine.length() > 60 ? oneLine.substring(0, 60) + "..." : oneLine;
        }

        @Override
        public void deliver(Content content, Date internalDate) throws MailboxException {
            smtp.send(operator, content, processor);
        }

        /** A check cannot search her mailbox: after a crash in the hand-over, the mail is handed over again (at least once). */
        @Override
        public boolean holdsTicket(String key) {
            return false;
        }

        @Override
        public Optional<String> problem() {
            return Optional.ofNullable(problem.get());
        }

        @Override
        public void close() {
            // nothing kept open
        }
    }
}
