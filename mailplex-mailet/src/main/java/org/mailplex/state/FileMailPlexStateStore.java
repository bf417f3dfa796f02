package org.mailplex.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.filesystem.api.FileSystem;

import com.google.common.base.Suppliers;

/**
 * Keeps each plex's state in {@code var/mailplex/<plex>/state.tsv} under James's working
 * directory, next to the plex's conversation memory. Written whole to a temporary file and moved
 * into place, so a crash leaves the old or the new state, never half of one.
 *
 * <p>Format: a version line, then one tab-separated record per line, every value URL-encoded:
 * {@code paused <operator>}, {@code dispatched <operator> <count>},
 * {@code waits <operator> <millis,millis,...>}. Unknown records are skipped.</p>
 */
public class FileMailPlexStateStore implements MailPlexStateStore {
    static final String FILE_NAME = "state.tsv";
    private static final String VERSION = "mailplex-state\t1";
    private static final Pattern SAFE_DIRECTORY = Pattern.compile("[A-Za-z0-9@._+-]+");

    private final Supplier<Path> root;

    @Inject
    public FileMailPlexStateStore(FileSystem fileSystem) {
        this.root = Suppliers.memoize(() -> {
            try {
                return fileSystem.getFile(FileSystem.FILE_PROTOCOL_AND_VAR + "mailplex").toPath();
            } catch (IOException e) {
                throw new UncheckedIOException("MailPlex cannot locate its state folder under James's var/", e);
            }
        });
    }

    public FileMailPlexStateStore(Path root) {
        this.root = () -> root;
    }

    /** The file holding {@code plex}'s state. */
    public Path file(String plex) {
        String directory = SAFE_DIRECTORY.matcher(plex).matches() && !plex.startsWith(".")
            ? plex
            : "_" + encode(plex);
        return root.get().resolve(directory).resolve(FILE_NAME);
    }

    @Override
    public synchronized PlexState load(String plex) throws IOException {
        Path file = file(plex);
        if (!Files.exists(file)) {
            return PlexState.empty();
        }
        Set<String> paused = new HashSet<>();
        Map<String, Long> dispatched = new HashMap<>();
        Map<String, List<Long>> waits = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t", -1);
            try {
                if (fields.length == 2 && fields[0].equals("paused")) {
                    paused.add(decode(fields[1]));
                } else if (fields.length == 3 && fields[0].equals("dispatched")) {
                    dispatched.put(decode(fields[1]), Long.parseLong(fields[2]));
                } else if (fields.length == 3 && fields[0].equals("waits")) {
                    waits.put(decode(fields[1]), parseWaits(fields[2]));
                }
            } catch (IllegalArgumentException e) {
                throw new IOException("malformed line in " + file + ": " + line, e);
            }
        }
        return new PlexState(paused, dispatched, waits);
    }

    private static List<Long> parseWaits(String field) {
        if (field.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(field.split(",")).map(Long::parseLong).collect(Collectors.toList());
    }

    @Override
    public synchronized void save(String plex, PlexState state) throws IOException {
        Path file = file(plex);
        Files.createDirectories(file.getParent());
        StringBuilder content = new StringBuilder(VERSION).append('\n');
        state.paused().forEach(operator -> content.append("paused\t").append(encode(operator)).append('\n'));
        state.dispatched().forEach((operator, count) ->
            content.append("dispatched\t").append(encode(operator)).append('\t').append(count).append('\n'));
        state.recentWaitsMillis().forEach((operator, waits) -> content.append("waits\t").append(encode(operator)).append('\t')
            .append(waits.stream().map(String::valueOf).collect(Collectors.joining(","))).append('\n'));
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    List<Path> files() throws IOException {
        if (!Files.exists(root.get())) {
            return new ArrayList<>();
        }
        try (var paths = Files.walk(root.get())) {
            return paths.filter(Files::isRegularFile).collect(Collectors.toList());
        }
    }
}
