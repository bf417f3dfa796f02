package org.mailplex.state;

import java.io.IOException;

/**
 * Where MailPlex keeps the runtime state of its plexes that must outlive a James restart (paused
 * operators, counters). One {@link PlexState} per plex, read once when the plex starts and written
 * whole on every change. Implementations are thread safe.
 */
public interface PlexStateStore {
    /** The state last saved for {@code plex}, or {@link PlexState#empty()} when there is none. */
    PlexState load(String plex) throws IOException;

    /** Replaces the state of {@code plex}; when this returns, a restart finds it. */
    void save(String plex, PlexState state) throws IOException;
}
