package org.mailplex.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Which messages in the watched mailbox count as held. */
public enum BusyWhen {
    /** Every message counts: free means an empty mailbox, exactly as the seed. */
    MESSAGES,
    /** Only messages without {@code \Seen} count: for operators who read but keep their mail. */
    UNSEEN;

    public String asString() {
        return name().toLowerCase(Locale.US);
    }

    public static Optional<BusyWhen> parse(String value) {
        return Arrays.stream(values())
            .filter(busyWhen -> busyWhen.asString().equalsIgnoreCase(value.trim()))
            .findFirst();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(BusyWhen::asString).collect(Collectors.joining(", "));
    }

    public long held(long messages, long unseen) {
        return this == MESSAGES ? messages : unseen;
    }
}
