package org.mailplex.matcher;

/**
 * Trace headers MailPlex puts on every mail it delivers, so that operators and admins can see the
 * route, and so that a delivered mail sent back to its plex is recognised as a loop.
 */
public final class MailPlexHeaders {
    /** The plex address the mail was sent to, e.g. {@code help@911.gov}. */
    public static final String PLEX = "X-MailPlex-Plex";
    /** The operator who was given the mail. */
    public static final String OPERATOR = "X-MailPlex-Operator";
    /** When the mail was parked, RFC 1123 date-time. */
    public static final String QUEUED_AT = "X-MailPlex-Queued-At";
    /** The queue key of the mail, for admins. */
    public static final String TICKET = "X-MailPlex-Ticket";

    private MailPlexHeaders() {
    }
}
