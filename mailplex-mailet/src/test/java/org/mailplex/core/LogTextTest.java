package org.mailplex.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void safeShouldReplaceLineBreaksAndControlCharacters() {
        assertThat(LogText.safe("<a@b>\r\n12:00:00 INFO forged line\u0007")).isEqualTo("<a@b>??12:00:00 INFO forged line?");
    }

    @Test
    void safeShouldCutLongValues() {
        assertThat(LogText.safe("x".repeat(1000))).hasSize(LogText.MAX_LENGTH + 3).endsWith("...");
    }

    @Test
    void safeShouldNameAMissingValue() {
        assertThat(LogText.safe(null)).isEqualTo("none");
    }
}
