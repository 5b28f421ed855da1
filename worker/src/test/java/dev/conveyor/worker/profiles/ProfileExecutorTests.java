package dev.conveyor.worker.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.conveyor.common.checks.CheckOutcome;
import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.jobs.JobEvent;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.profiles.ProfileReport;
import dev.conveyor.common.types.HttpParams;
import dev.conveyor.common.types.JobTypes;
import dev.conveyor.common.types.ProfileParams;
import dev.conveyor.worker.execution.Check;
import dev.conveyor.worker.execution.Checks;
import dev.conveyor.worker.execution.JobContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ProfileExecutorTests {

    /** Answers by the target's host name: ok passes, bad fails, hang never answers, boom throws. */
    private static final class ByHost implements Check<HttpParams> {

        @Override
        public String type() {
            return "http";
        }

        @Override
        public Class<HttpParams> paramsType() {
            return HttpParams.class;
        }

        @Override
        public CheckResult run(HttpParams params, JobContext context) throws InterruptedException {
            return switch (params.url().getHost()) {
                case "ok" -> CheckResult.passed("answered 200", null, Duration.ofMillis(3));
                case "bad" -> CheckResult.failed("answered 500, expected 200", null, Duration.ofMillis(4));
                case "hang" -> {
                    new CountDownLatch(1).await(); // never counted down: only an interrupt ends it
                    yield CheckResult.passed("never", null, Duration.ZERO);
                }
                default -> throw new IllegalStateException("target blew up");
            };
        }
    }

    private final List<JobEvent> events = new CopyOnWriteArrayList<>();
    private final JobContext context = new JobContext("j1", 1, Duration.ofMinutes(1), events::add, Clock.systemUTC());

    private static ProfileParams params(String targets) {
        return (ProfileParams) JobTypes.parse("profile", ConveyorJson.mapper().readTree("""
                {"profile": {"id": "web", "title": "Web basics", "controls": [
                   {"id": "home", "title": "Home answers", "severity": "high",
                    "check": {"type": "http", "params": {"url": "http://${target}/"}}},
                   {"id": "health", "title": "Health answers",
                    "check": {"type": "http", "params": {"url": "http://${target}/${path}"}}}]},
                 "inventory": {"groups": {"all": {"vars": {"path": "health"}, "targets": %s}}},
                 "concurrency": 3, "checkTimeout": "PT0.2S"}""".formatted(targets)));
    }

    @Test
    void everyControlRunsOnEveryTargetAndOneBadTargetSpoilsNothingElse() throws Exception {
        ProfileReport report = run(params("[\"ok\", \"bad\", \"hang\", \"boom\", \"hang2\"]"));

        assertThat(report.targets()).extracting(t -> t.name(), t -> t.counts().passed(), t -> t.counts().failed(),
                t -> t.counts().error()).containsExactly(
                        tuple("ok", 2, 0, 0), tuple("bad", 0, 2, 0), tuple("hang", 0, 0, 2), tuple("boom", 0, 0, 2),
                        tuple("hang2", 0, 0, 2));
        assertThat(report.targets().get(2).checks().getFirst().message()).isEqualTo("no answer within PT0.2S");
        assertThat(report.targets().get(3).checks().getFirst().message()).contains("target blew up");
        assertThat(report.summary().total()).isEqualTo(10);
        assertThat(report.score()).isEqualTo(20.0);
        assertThat(report.controls()).extracting(c -> c.id(), c -> c.counts().passed()).containsExactly(
                tuple("home", 1), tuple("health", 1));
        assertThat(events).hasSize(5).allSatisfy(e -> assertThat(e.kind()).isEqualTo(JobEvent.Kind.PROGRESS));
        assertThat(events.getLast().progress()).isEqualTo(1.0);
    }

    @Test
    void targetVariablesFillTheirPlaceholders() throws Exception {
        ProfileReport report = run(params("[{\"name\": \"ok\", \"vars\": {\"path\": \"ready\"}}]"));

        assertThat(report.targets().getFirst().checks()).extracting(c -> c.outcome())
                .containsOnly(CheckOutcome.PASSED);
    }

    private ProfileReport run(ProfileParams params) throws Exception {
        ProfileExecutor executor = new ProfileExecutor(new Checks(List.of(new ByHost())));
        return ConveyorJson.mapper().treeToValue(executor.execute(params, context), ProfileReport.class);
    }
}
