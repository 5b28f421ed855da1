package dev.conveyor.worker.profiles;

import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.profiles.Control;
import dev.conveyor.common.profiles.Counts;
import dev.conveyor.common.profiles.ProfilePlan;
import dev.conveyor.common.profiles.ProfileReport;
import dev.conveyor.common.profiles.Target;
import dev.conveyor.common.types.ProfileParams;
import dev.conveyor.worker.execution.Checks;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.execution.JobExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code profile}: every control on every target, at most {@code concurrency} checks at a time,
 * each under its own timeout on a virtual thread of its own. A target that is unreachable, slow
 * or hangs costs its own checks an {@code error} each, at most their timeout, and nothing else:
 * the other targets go on. Each finished target is a progress line.
 */
@Component
class ProfileExecutor implements JobExecutor<ProfileParams> {

    private final Checks checks;

    ProfileExecutor(Checks checks) {
        this.checks = checks;
    }

    @Override
    public String type() {
        return "profile";
    }

    @Override
    public Class<ProfileParams> paramsType() {
        return ProfileParams.class;
    }

    @Override
    public JsonNode execute(ProfileParams params, JobContext context) throws InterruptedException {
        List<Target> targets = params.inventory().expand();
        List<Control> controls = params.profile().controls();
        Map<String, Map<String, CheckResult>> results = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> left = new ConcurrentHashMap<>();
        AtomicInteger targetsDone = new AtomicInteger();
        Semaphore slots = new Semaphore(params.concurrency());
        int targetsToRun = (int) targets.stream()
                .filter(t -> controls.stream().anyMatch(c -> params.runs(t.name(), c.id()))).count();
        TimedCheck timed = new TimedCheck(checks, context);
        // Closing waits for every check; an interrupt (cancel, the job's timeout) interrupts them all.
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Target target : targets) {
                List<Control> toRun = controls.stream().filter(c -> params.runs(target.name(), c.id())).toList();
                if (toRun.isEmpty()) {
                    continue;
                }
                left.put(target.name(), new AtomicInteger(toRun.size()));
                results.put(target.name(), new ConcurrentHashMap<>());
                for (Control control : toRun) {
                    slots.acquire();
                    threads.submit(() -> {
                        try {
                            Duration timeout = control.check().timeout() != null ? control.check().timeout()
                                    : params.checkTimeout();
                            JsonNode checkParams = ProfilePlan.paramsFor(control.check(), target);
                            results.get(target.name()).put(control.id(),
                                    timed.run(control.check().type(), checkParams, timeout));
                        } finally {
                            slots.release();
                        }
                        if (left.get(target.name()).decrementAndGet() == 0) {
                            tellTargetDone(context, target, results.get(target.name()), targetsDone.incrementAndGet(),
                                    targetsToRun);
                        }
                        return null;
                    });
                }
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("profile run stopped");
        }
        return ConveyorJson.mapper().valueToTree(ProfileReport.of(params.profile(), targets, results,
                params::runs));
    }

    private static void tellTargetDone(JobContext context, Target target, Map<String, CheckResult> results, int done,
            int of) {
        Counts counts = Counts.of(results.values().stream().map(CheckResult::outcome).toList());
        context.progress((double) done / of, target.name() + ": " + counts.passed() + " passed, " + counts.failed()
                + " failed, " + counts.error() + " error (" + done + " of " + of + " targets)");
    }
}
