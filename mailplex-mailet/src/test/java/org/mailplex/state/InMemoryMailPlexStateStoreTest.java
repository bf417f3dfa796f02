package org.mailplex.state;

import org.junit.jupiter.api.BeforeEach;

class InMemoryMailPlexStateStoreTest extends MailPlexStateStoreContract {
    private InMemoryMailPlexStateStore store;

    @BeforeEach
    void setUp() {
        store = new InMemoryMailPlexStateStore();
    }

    @Override
    protected MailPlexStateStore store() {
        return store;
    }
}
