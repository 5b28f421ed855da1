package dev.conveyor.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.jobs.JobOrigin;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.jobs.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Listing jobs from a real (in-memory) H2 store with the real migrations: filters, order and cursors. */
class JobListTests {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final JobStore store = TestStores.aJobStoreOn(anEmptyDatabase());

    /** The database lists are proven on; {@link JobListOnPostgresTests} proves them on PostgreSQL. */
    DataSource anEmptyDatabase() {
        return TestStores.anEmptyH2();
    }


    private JobSnapshot store(String id, int minute, String by, String template, Map<String, String> labels) {
        JobRequest request = new JobRequest(id, "noop", null, "default", null, 1, labels, by, T0.plusSeconds(60L * minute),
                null, null, new JobOrigin(template, template == null ? null : 1L, null, null));
        JobSnapshot queued = JobSnapshot.queued(request);
        store.apply(queued);
        return queued;
    }

    private List<String> ids(JobFilter filter) {
        return store.list(new JobQuery(filter, false, 100, null)).items().stream().map(JobSnapshot::id).toList();
    }

    private static JobFilter filter(String template, Map<String, String> labels, String by, Instant since, Instant until) {
        return new JobFilter(null, null, null, template, labels, by, since, until);
    }

    @Test
    void filtersByTemplateSubmitterLabelsAndTimeCombine() {
        store("a", 0, "alice", "nightly", Map.of("team", "pay", "env", "prod"));
        store("b", 1, "bob", "nightly", Map.of("team", "pay"));
        store("c", 2, "alice", null, Map.of("team", "ops"));
        store("d", 3, "alice", "nightly", Map.of());

        assertThat(ids(filter("nightly", null, null, null, null))).containsExactly("d", "b", "a");
        assertThat(ids(filter(null, null, "alice", null, null))).containsExactly("d", "c", "a");
        assertThat(ids(filter(null, Map.of("team", "pay"), null, null, null))).containsExactly("b", "a");
        assertThat(ids(filter(null, Map.of("team", ""), null, null, null))).containsExactly("c", "b", "a");
        assertThat(ids(filter(null, Map.of("team", "pay", "env", "prod"), null, null, null))).containsExactly("a");
        assertThat(ids(filter("nightly", null, "alice", T0.plusSeconds(60), T0.plusSeconds(240))))
                .containsExactly("d");
        assertThat(ids(filter(null, null, null, T0, T0.plusSeconds(120)))).containsExactly("b", "a");
    }

    @Test
    void statusFilterFollowsTheNewestState() {
        JobSnapshot a = store("a", 0, "alice", null, null);
        store("b", 1, "alice", null, null);
        store.apply(a.toUnsuccessful(JobStatus.CANCELED, null, T0.plusSeconds(600)));

        JobFilter canceled = new JobFilter(Set.of(JobStatus.CANCELED), null, null, null, null, null, null, null);
        assertThat(ids(canceled)).containsExactly("a");
    }

    @Test
    void pagesInEitherOrderVisitEveryJobOnceWhileNewJobsArrive() {
        for (int i = 0; i < 25; i++) {
            store("job-" + (100 + i), i / 3, "alice", null, null); // three jobs share each minute: ties by id
        }
        int arrivals = 0;
        for (boolean oldestFirst : new boolean[] {true, false}) {
            List<String> before = store.list(new JobQuery(JobFilter.ALL, oldestFirst, 500, null)).items().stream()
                    .map(JobSnapshot::id).toList();
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                JobPage page = store.list(new JobQuery(JobFilter.ALL, oldestFirst, 4, cursor));
                page.items().forEach(job -> seen.add(job.id()));
                cursor = page.nextCursor();
                // A job arriving between pages is newer than all: last when oldest first, never seen otherwise.
                store("new-" + arrivals, 60 + arrivals++, "bob", null, null);
            } while (cursor != null);

            assertThat(seen).doesNotHaveDuplicates();
            if (oldestFirst) {
                assertThat(seen.subList(0, before.size())).containsExactlyElementsOf(before);
            } else {
                assertThat(seen).containsExactlyElementsOf(before);
            }
        }
    }
}
