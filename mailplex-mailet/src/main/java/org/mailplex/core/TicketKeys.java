package org.mailplex.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names for parked mails that sort by arrival as plain strings, so that a repository's
 * {@code list()} gives FIFO order without reading any mail, on every backend.
 *
 * <p>Form: {@code 13-digit epoch millis - 6-digit sequence - 8 hex node chars}, for example
 * {@code 1764043200123-000000-9f3a01bc}. The sequence keeps keys strictly increasing within one
 * millisecond and when the clock steps back; the node part keeps two James nodes from ever
 * writing the same key.</p>
 */
public final class TicketKeys {
    private static final Pattern KEY = Pattern.compile("^(\\d{13})-(\\d{6})-([0-9a-f]{8})$");
    private static final int MAX_SEQUENCE = 999_999;

    private final Clock clock;
    private final String node;
    private long lastMillis = -1;
    private int sequence;

    public TicketKeys(Clock clock) {
        this(clock, randomNode());
    }

    public TicketKeys(Clock clock, String node) {
        if (!node.matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("node must be 8 lowercase hex characters, got " + node);
        }
        this.clock = clock;
        this.node = node;
    }

    private static String randomNode() {
        return String.format("%08x", new SecureRandom().nextInt());
    }

    public synchronized String next() {
        long millis = clock.millis();
        if (millis > lastMillis) {
            lastMillis = millis;
            sequence = 0;
        } else if (sequence < MAX_SEQUENCE) {
            sequence++;
        } else {
            lastMillis++;
            sequence = 0;
        }
        return String.format("%013d-%06d-%s", lastMillis, sequence, node);
    }

    /** Whether {@code key} is one of MailPlex's own keys (and so safe in paths and logs). */
    public static boolean isTicket(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /** The instant a key was made, which is when its mail was parked. */
    public static Optional<Instant> parkedAt(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Matcher matcher = KEY.matcher(key);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(Long.parseLong(matcher.group(1))));
    }
}
