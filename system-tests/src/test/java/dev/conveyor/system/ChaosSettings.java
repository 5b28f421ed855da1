package dev.conveyor.system;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What one chaos run does, from system properties ({@code -Dchaos.seed=…}); without them, the short
 * form that runs in the normal suite: a handful of kills, each kind at least once, in about two
 * minutes of load.
 *
 * @param seed makes the schedule, the batches and their jobs; the same seed replays the same plan
 * @param duration how long the schedule runs, kills included; a run takes longer when a step must
 *     wait for the cluster to be whole again before it
 * @param kills how many kill -9 steps the schedule holds, at least one of each kind of part
 * @param jobs how many jobs the clients submit in all, spread over the duration
 */
record ChaosSettings(long seed, Duration duration, int kills, int jobs) {

    static final ChaosSettings SHORT = new ChaosSettings(0, Duration.ofSeconds(100), 5, 3000);

    ChaosSettings {
        if (kills < ChaosPlan.KINDS_REQUIRED) {
            throw new IllegalArgumentException("chaos.kills must be at least " + ChaosPlan.KINDS_REQUIRED
                    + ", one of each kind of part; was " + kills);
        }
    }

    /** The short form, unless {@code chaos.seed}, {@code chaos.duration}, {@code chaos.kills} or {@code chaos.jobs} say otherwise. */
    static ChaosSettings fromSystemProperties() {
        String seed = System.getProperty("chaos.seed", "");
        String duration = System.getProperty("chaos.duration", "");
        return new ChaosSettings(
                seed.isBlank() ? ThreadLocalRandom.current().nextLong(1, 1_000_000_000L) : Long.parseLong(seed),
                duration.isBlank() ? SHORT.duration() : Duration.parse(duration),
                Integer.getInteger("chaos.kills", SHORT.kills()),
                Integer.getInteger("chaos.jobs", SHORT.jobs()));
    }

    /** The command line that replays this run. */
    String replay() {
        return "./conveyor chaos --seed " + seed + " --duration " + duration + " --kills " + kills + " --jobs " + jobs;
    }
}
