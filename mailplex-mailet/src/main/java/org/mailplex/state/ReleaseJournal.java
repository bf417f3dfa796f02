package org.mailplex.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The releases of one plex that are under way, on disk, so that a crash between delivering a mail
 * and taking it out of the queue is finished at the next start instead of delivering it twice.
 *
 * <p>{@link #begin} is forced to disk before the mail is delivered; {@link #end} follows its removal
 * from the queue (not forced: a lost end only makes the next start check a mail that is already
 * gone). Lines: {@code begin TAB key TAB operator} and {@code end TAB key}, appended to
 * {@value #FILE_NAME} in the plex's folder and compacted to the open releases as it grows.</p>
 */
public final class ReleaseJournal implements AutoCloseable {
    static final String FILE_NAME = "releases.journal";
    private static final int COMPACT_AFTER_LINES = 10_000;

    private final Path file;
    private final Map<String, String> open = new LinkedHashMap<>();
    private FileChannel channel;
    private int lines;

    public ReleaseJournal(PlexFolders folders, String plex) {
        this.file = folders.folder(plex).resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    /** Releases the last run began and never ended: key to operator, in the order they began. */
    public synchronized Map<String, String> unfinished() throws IOException {
        Map<String, String> unfinished = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return unfinished;
        }
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : all) {
            String[] fields = line.split("\t", -1);
            if (fields.length == 3 && fields[0].equals("begin")) {
                unfinished.put(fields[1], fields[2]);
            } else if (fields.length == 2 && fields[0].equals("end")) {
                unfinished.remove(fields[1]);
            }
            // anything else is a line cut short by a crash: it began nothing that was delivered
        }
        return unfinished;
    }

    /** Starts writing anew, keeping {@code stillOpen} (releases recovery left open). */
    public synchronized void reset(Map<String, String> stillOpen) throws IOException {
        open.clear();
        open.putAll(stillOpen);
        rewrite();
    }

    /** Forced to disk before it returns: the delivery may start. */
    public synchronized void begin(String key, String operator) throws IOException {
        open.put(key, operator);
        append("begin\t" + key + "\t" + operator + "\n", true);
    }

    public synchronized void end(String key) throws IOException {
        open.remove(key);
        append("end\t" + key + "\n", false);
        if (lines > COMPACT_AFTER_LINES) {
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
        open.forEach((key, operator) -> content.append("begin\t").append(key).append('\t').append(operator).append('\n'));
        AtomicFiles.write(file, content.toString());
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        lines = open.size();
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closeChannel();
    }
}
