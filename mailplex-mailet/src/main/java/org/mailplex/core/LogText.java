package org.mailplex.core;

/**
 * Text that came from a mail, made safe for a log line: control characters (CR and LF among them,
 * which would forge log lines) become {@code ?}, and long values are cut.
 */
public final class LogText {
    public static final int MAX_LENGTH = 200;

    private LogText() {
    }

    public static String safe(String value) {
        if (value == null) {
            return "none";
        }
        StringBuilder safe = new StringBuilder(Math.min(value.length(), MAX_LENGTH + 3));
        for (int index = 0; index < value.length() && index < MAX_LENGTH; index++) {
            char c = value.charAt(index);
            safe.append(Character.isISOControl(c) ? '?' : c);
        }
        if (value.length() > MAX_LENGTH) {
            safe.append("...");
        }
        return safe.toString();
    }
}
