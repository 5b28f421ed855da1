package dev.conveyor.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.common.audit.AuditEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit trail in the store: each entry once however often it is read, newest first, in pages. */
class AuditLogTests {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private final AuditLog log = anAuditLogOn(anEmptyDatabase());

    DataSource anEmptyDatabase() {
        return TestStores.anEmptyH2();
    }

    static AuditLog anAuditLogOn(DataSource db) {
        return new AuditLog(new JdbcTemplate(db), new TransactionTemplate(new DataSourceTransactionManager(db)));
    }

    private static AuditEntry entry(int i, String actor, String action) {
        return new AuditEntry("e-%03d".formatted(i), T0.plusSeconds(i / 2), actor, "OPERATOR", "t1", action, "POST",
                "/api/v1/jobs", null, "job-" + i, 202, "10.0.0.1");
    }

    private List<AuditEntry> all(AuditQuery first) {
        List<AuditEntry> entries = new ArrayList<>();
        AuditQuery query = first;
        while (true) {
            AuditPage page = log.list(query);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(query.limit());
            entries.addAll(page.items());
            if (page.nextCursor() == null) {
                return entries;
            }
            query = new AuditQuery(query.actor(), query.action(), query.since(), query.until(), query.limit(),
                    page.nextCursor());
        }
    }

    @Test
    void everyEntryIsKeptOnceHoweverOftenItIsReadAndListedNewestFirstInPages() {
        List<AuditEntry> entries = IntStream.range(0, 25)
                .mapToObj(i -> entry(i, i % 3 == 0 ? "vera" : "otto", i % 2 == 0 ? "job.submit" : "job.cancel")).toList();
        log.addAll(entries.subList(0, 15), () -> { });
        log.addAll(entries, () -> { }); // read again from an older offset, or by another gateway

        List<AuditEntry> listed = all(new AuditQuery(null, null, null, null, 4, null));

        assertThat(listed).containsExactlyElementsOf(entries.reversed());
    }

    @Test
    void aSumOfRepeatedRefusalsKeepsItsCount() {
        AuditEntry sum = new AuditEntry("e-sum", T0, "vera", "VIEWER", "t2", "other", "POST", "/api/v1/x", null, null,
                403, "10.0.0.1", 999);
        log.addAll(List.of(sum, entry(1, "otto", "job.submit")), () -> { });

        assertThat(all(new AuditQuery(null, null, null, null, 10, null))).extracting(AuditEntry::count)
                .containsExactlyInAnyOrder(null, 999);
    }

    @Test
    void filtersByActorActionAndTimeAndACursorOnlyWorksForItsOwnList() {
        List<AuditEntry> entries = IntStream.range(0, 20)
                .mapToObj(i -> entry(i, i % 2 == 0 ? "vera" : "otto", i % 4 < 2 ? "job.submit" : "token.revoke")).toList();
        log.addAll(entries, () -> { });

        assertThat(all(new AuditQuery("otto", "job.submit", T0.plusSeconds(2), T0.plusSeconds(8), 1, null)))
                .extracting(AuditEntry::id).containsExactly("e-013", "e-009", "e-005");
        AuditPage first = log.list(new AuditQuery("otto", null, null, null, 2, null));
        assertThatThrownBy(() -> log.list(new AuditQuery("vera", null, null, null, 2, first.nextCursor())))
                .isInstanceOf(InvalidCursorException.class).hasMessageContaining("other filters");
        assertThatThrownBy(() -> log.list(new AuditQuery(null, null, null, null, 2, "garbage")))
                .isInstanceOf(InvalidCursorException.class);
    }
}
