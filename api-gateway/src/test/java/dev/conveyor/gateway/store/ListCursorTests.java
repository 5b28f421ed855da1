package dev.conveyor.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ListCursorTests {

    @Test
    void aCursorDecodesToWhatItEncoded() {
        ListCursor cursor = new ListCursor(Instant.parse("2026-11-24T10:00:00.123456Z"), "0b6f-id");

        assertThat(ListCursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "bm8tYmFy", "MjAyNi0xMS0yNHxpZA"})
    void anythingElseIsAnInvalidCursor(String forged) {
        assertThatThrownBy(() -> ListCursor.decode(forged)).isInstanceOf(InvalidCursorException.class);
    }
}
