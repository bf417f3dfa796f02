package org.mailplex.state;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps plex state in memory: for tests, and for James setups where a restart may forget pauses. */
public class InMemoryPlexStateStore implements PlexStateStore {
    private final Map<String, PlexState> states = new ConcurrentHashMap<>();

    @Override
    public PlexState load(String plex) {
        return states.getOrDefault(plex, PlexState.empty());
    }

    @Override
    public void save(String plex, PlexState state) {
        states.put(plex, state);
    }
}
