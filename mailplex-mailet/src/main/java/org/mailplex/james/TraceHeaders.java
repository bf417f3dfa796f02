package org.mailplex.james;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.apache.james.core.MailAddress;
import org.mailplex.matcher.MailPlexHeaders;

/**
 * The trace header lines MailPlex puts above a delivered message: the plex, the operator, when the
 * mail was parked and its queue key, so operators and admins can see the route.
 */
final class TraceHeaders {
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private TraceHeaders() {
    }

    /** The header lines, each ending in CRLF, to write before the message's own first byte. */
    static byte[] lines(MailAddress plex, String operator, String key, Instant parkedAt) {
        String lines = MailPlexHeaders.PLEX + ": " + plex.asString() + "\r\n"
            + MailPlexHeaders.OPERATOR + ": " + operator + "\r\n"
            + MailPlexHeaders.QUEUED_AT + ": " + RFC_5322.format(parkedAt) + "\r\n"
            + MailPlexHeaders.TICKET + ": " + key + "\r\n";
        return lines.getBytes(StandardCharsets.US_ASCII);
    }
}
