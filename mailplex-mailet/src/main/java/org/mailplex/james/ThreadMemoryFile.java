package org.mailplex.james;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.mailplex.core.ThreadMemory;

/**
 * Keeps a plex's {@link ThreadMemory} on disk, one {@code message-id TAB operator} line per
 * conversation, oldest first. Written whole to a temporary file and moved into place, so a crash
 * leaves either the old or the new file, never half of one.
 */
final class ThreadMemoryFile {
    private final Path file;

    ThreadMemoryFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    void load(ThreadMemory memory) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            if (tab > 0 && tab < line.length() - 1) {
                entries.add(Map.entry(line.substring(0, tab), line.substring(tab + 1)));
            }
        }
        memory.restore(entries);
    }

    void save(ThreadMemory memory) throws IOException {
        Files.createDirectories(file.getParent());
        String content = memory.entries().stream()
            .filter(entry -> isSafe(entry.getKey()) && isSafe(entry.getValue()))
            .map(entry -> entry.getKey() + '\t' + entry.getValue() + '\n')
            .collect(Collectors.joining());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean isSafe(String value) {
        return value.indexOf('\t') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0;
    }
}
