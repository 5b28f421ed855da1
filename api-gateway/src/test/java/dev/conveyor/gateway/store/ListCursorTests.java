package dev.conveyor.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.common.jobs.JobStatus;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListCursorTests {

    private static final JobFilter QUEUED = new JobFilter(Set.of(JobStatus.QUEUED), null, null, null, null, null,
            null, null);

    private static JobQuery after(String cursor, JobFilter filter, boolean oldestFirst) {
        return new JobQuery(filter, oldestFirst, 10, cursor);
    }

    @Test
    void aCursorDecodesToWhatItEncoded() {
        ListCursor cursor = new ListCursor(true, QUEUED.fingerprint(), Instant.parse("2026-11-24T10:00:00.123456Z"),
                "0b6f-id");

        assertThat(ListCursor.decode(after(cursor.encode(), QUEUED, true))).isEqualTo(cursor);
    }

    @Test
    void aCursorIsRefusedForAnotherFilterOrOrder() {
        String cursor = new ListCursor(false, QUEUED.fingerprint(), Instant.parse("2026-11-24T10:00:00Z"), "id")
                .encode();

        assertThatThrownBy(() -> ListCursor.decode(after(cursor, JobFilter.ALL, false)))
                .isInstanceOf(InvalidCursorException.class).hasMessageContaining("other filters");
        assertThatThrownBy(() -> ListCursor.decode(after(cursor, QUEUED, true)))
                .isInstanceOf(InvalidCursorException.class).hasMessageContaining("another sort");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "bm8tYmFy", "MjAyNi0xMS0yNHxpZA", "ZHx4fG5vdC1hLXRpbWV8aWQ"})
    void anythingElseIsAnInvalidCursor(String forged) {
        assertThatThrownBy(() -> ListCursor.decode(after(forged, JobFilter.ALL, false)))
                .isInstanceOf(InvalidCursorException.class);
    }
}
