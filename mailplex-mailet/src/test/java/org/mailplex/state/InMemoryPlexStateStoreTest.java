package org.mailplex.state;

import org.junit.jupiter.api.BeforeEach;

class InMemoryPlexStateStoreTest extends PlexStateStoreContract {
    private InMemoryPlexStateStore store;

    @BeforeEach
    void setUp() {
        store = new InMemoryPlexStateStore();
    }

    @Override
    protected PlexStateStore store() {
        return store;
    }
}
