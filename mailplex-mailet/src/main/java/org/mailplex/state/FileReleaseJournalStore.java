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

import static org.mailplex.state.Records.isWholeNumber;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.mailplex.core.Release;

/**
 * The releases of one plex, on disk (one node's {@link ReleaseJournalStore}): those under way, so that a crash between delivering a mail
 * and taking it out of the queue is finished at the next start instead of delivering it twice, and
 * the latest ones done, the plex's release history across restarts.
 *
 * <p>{@link #begin} is forced to disk before the mail is delivered: one forced write per release.
 * {@link #delivered} is written right after the mailbox took it, not forced: a killed James leaves it
 * in the operating system's cache, which reaches the disk; only a power cut can lose it, and then
 * the forced begin makes the next start look for the mail in its operator's mailbox by its ticket,
 * as for any begun release. {@link #end} follows its removal from the queue (not forced either: a
 * lost end only makes the next start find a delivered mail already gone from the queue). At start,
 * a mail marked delivered leaves the queue; one only begun is looked for in its operator's mailbox. Lines:
 * {@code begin TAB key TAB operator}, {@code delivered TAB key TAB operator TAB epoch-millis TAB
 * message-id} and {@code end TAB key}, appended to {@value #FILE_NAME} in the plex's folder and
 * compacted, as it grows, to the open releases and the last {@code historySize} deliveries.</p>
 */
public final class FileReleaseJournalStore implements ReleaseJournalStore {
    static final String FILE_NAME = "releases.journal";
    private static final int COMPACT_AFTER_LINES = 10_000;

    private final Path file;
    private final int historySize;
    private final Map<String, String> open = new LinkedHashMap<>();
    private final Deque<Release> history = new ArrayDeque<>();
    /** Delivered, not yet out of the queue: they join the history when they end. */
    private final Map<String, Release> delivering = new LinkedHashMap<>();
    private FileChannel channel;
    private int lines;

    public FileReleaseJournalStore(PlexFolders folders, String plex, int historySize) {
        this.file = folders.folder(plex).resolve(FILE_NAME);
        this.historySize = historySize;
    }

    private static String line(Release release) {
        return "delivered\t" + release.key() + "\t" + release.operator() + "\t" + release.releasedAt().toEpochMilli() + "\t"
            + release.messageId().map(FileReleaseJournalStore::clean).orElse("") + "\n";
    }

    public Path path() {
        return file;
    }

    @Override
    public String where() {
        return file.toString();
    }

    /** Reads what the last run left, and keeps its history of deliveries. */
    @Override
    public synchronized Recovery recover() throws IOException {
        open.clear();
        delivering.clear();
        history.clear();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t", -1);
                if (fields.length == 3 && fields[0].equals("begin")) {
                    open.put(fields[1], fields[2]);
                } else if (fields.length == 5 && fields[0].equals("delivered") && isWholeNumber(fields[3])) {
                    open.remove(fields[1]);
                    delivering.put(fields[1], new Release(fields[1], fields[2], Optional.of(fields[4]).filter(id -> !id.isEmpty()),
                        Instant.ofEpochMilli(Long.parseLong(fields[3]))));
                } else if (fields.length == 2 && fields[0].equals("end")) {
                    open.remove(fields[1]);
                    Release ended = delivering.remove(fields[1]);
                    if (ended != null) {
                        remember(ended);
                    }
                }
                // anything else is a line cut short by a crash: it recorded nothing that happened
            }
        }
        // kept open until reset(): a rewrite before then (a release while the start is retried) keeps them
        return new Recovery(new LinkedHashMap<>(open), new LinkedHashMap<>(delivering), List.copyOf(history));
    }

    /** The latest deliveries that are over (in the mailbox and out of the queue), oldest first. */
    @Override
    public synchronized List<Release> history() {
        return List.copyOf(history);
    }

    private void remember(Release release) {
        history.addLast(release);
        while (history.size() > historySize) {
            history.removeFirst();
        }
    }

    /**
     * Starts writing anew once the start has finished what {@link #recover()} found: no release is
     * open any more, and the ones found delivered join the history.
     */
    @Override
    public synchronized void reset() throws IOException {
        reset(List.of());
    }

    /**
     * Like {@link #reset()}, except that {@code stillDelivered} stay open as delivered: mails the
     * start could not take out of the queue, never to be released again.
     */
    @Override
    public synchronized void reset(Collection<Release> stillDelivered) throws IOException {
        open.clear();
        Set<String> kept = stillDelivered.stream().map(Release::key).collect(Collectors.toSet());
        delivering.values().stream().filter(release -> !kept.contains(release.key())).forEach(this::remember);
        delivering.clear();
        stillDelivered.forEach(release -> delivering.put(release.key(), release));
        rewrite();
    }

    /** Forced to disk before it returns: the delivery may start. */
    @Override
    public synchronized void begin(String key, String operator) throws IOException {
        open.put(key, operator);
        append("begin\t" + key + "\t" + operator + "\n", true);
    }

    /** The mail is in the operator's mailbox; written, not forced (see the class comment). */
    @Override
    public synchronized void delivered(Release release) throws IOException {
        open.remove(release.key());
        delivering.put(release.key(), release);
        append(line(release), false);
    }

    /** The release is over: out of the queue after its delivery, or failed. A delivered one joins the history. */
    @Override
    public synchronized void end(String key) throws IOException {
        open.remove(key);
        Release delivered = delivering.remove(key);
        if (delivered != null) {
            remember(delivered);
        }
        append("end\t" + key + "\n", false);
        if (lines > 2 * historySize + COMPACT_AFTER_LINES) {
            rewrite();
        }
    }

    private void append(String line, boolean force) throws IOException {
        if (channel == null) {
            rewrite();
        }
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        if (force) {
            channel.force(false);
        }
        lines++;
    }

    private void rewrite() throws IOException {
        closeChannel();
        StringBuilder content = new StringBuilder();
        history.forEach(release -> content.append(line(release)).append("end\t").append(release.key()).append('\n'));
        delivering.values().forEach(release -> content.append(line(release)));
        open.forEach((key, operator) -> content.append("begin\t").append(key).append('\t').append(operator).append('\n'));
        AtomicFiles.write(file, content.toString());
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        lines = 2 * history.size() + delivering.size() + open.size();
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** A Message-ID kept on one line of the journal: no tab, no control character, at most 250 characters. */
    private static String clean(String messageId) {
        StringBuilder clean = new StringBuilder();
        for (int index = 0; index < messageId.length() && clean.length() < 250; index++) {
            char c = messageId.charAt(index);
            clean.append(Character.isISOControl(c) ? '?' : c);
        }
        return clean.toString();
    }

    @Override
    public synchronized void close() throws IOException {
        closeChannel();
    }
}
