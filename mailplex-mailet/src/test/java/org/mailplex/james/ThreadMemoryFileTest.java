package org.mailplex.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.core.ThreadMemory;

class ThreadMemoryFileTest {
    @TempDir
    Path folder;

    @Test
    void saveThenLoadShouldGiveTheSameConversations() throws Exception {
        ThreadMemory memory = new ThreadMemory(10);
        memory.remember("<m1@x>", "alice@911.gov");
        memory.remember("<m2@x>", "bob@911.gov");
        ThreadMemoryFile file = new ThreadMemoryFile(folder.resolve("plex/conversations.tsv"));

        file.save(memory);
        ThreadMemory loaded = new ThreadMemory(10);
        file.load(loaded);

        assertThat(loaded.entries()).containsExactly(Map.entry("m1@x", "alice@911.gov"), Map.entry("m2@x", "bob@911.gov"));
        assertThat(Files.exists(folder.resolve("plex/conversations.tsv.tmp"))).isFalse();
    }

    @Test
    void loadShouldKeepAnEmptyMemoryWhenThereIsNoFile() throws Exception {
        ThreadMemory memory = new ThreadMemory(10);
        new ThreadMemoryFile(folder.resolve("absent.tsv")).load(memory);
        assertThat(memory.size()).isZero();
    }

    @Test
    void loadShouldSkipMalformedLines() throws Exception {
        Path path = folder.resolve("conversations.tsv");
        Files.writeString(path, "m1@x\talice@911.gov\nno tab here\n\tbob@911.gov\nm2@x\t\n");
        ThreadMemory memory = new ThreadMemory(10);
        new ThreadMemoryFile(path).load(memory);
        assertThat(memory.entries()).containsExactly(Map.entry("m1@x", "alice@911.gov"));
    }
}
