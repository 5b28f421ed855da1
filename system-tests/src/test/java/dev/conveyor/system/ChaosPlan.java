package dev.conveyor.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded schedule of kill -9 and restart: the same seed, duration and kill count give the same
 * steps, so a failing run can be replayed. Every kind of part is killed at least once; Kafka nodes
 * are killed in turn and stay down long enough for the gateways' producer batches to expire (their
 * delivery timeout is 10 s, and the controller fences a node after about 9 s).
 *
 * @param steps in the order they run
 */
record ChaosPlan(List<Step> steps) {

    /** One of each kind of {@link PartKind}. */
    static final int KINDS_REQUIRED = PartKind.values().length;
    static final int WORKERS = 3;
    static final int KAFKA_NODES = 3;
    /** Down for longer than a producer batch may wait (10 s): batches sent to it as it dies expire. */
    private static final int KAFKA_DOWN_MIN_SECONDS = 15;
    private static final int KAFKA_DOWN_MAX_SECONDS = 25;
    private static final int APP_DOWN_MAX_SECONDS = 3;

    /** The kinds of part the schedule kills. */
    enum PartKind {
        /** One worker, with jobs in flight. */
        WORKER,
        /** Gateway 2, with batches in flight; gateway 1 stays up. */
        GATEWAY,
        /** Both gateways at once, with batches in flight: clients get no answer at all until one is back. */
        BOTH_GATEWAYS,
        /** One Kafka node, which leads partitions of the results and jobs topics, with submits in flight. */
        KAFKA_NODE
    }

    /**
     * One kill -9 and its restart.
     *
     * @param number from 1, as printed
     * @param at when to kill, from the start of the schedule; later if the cluster is not whole yet
     * @param kind what kind of part
     * @param target the worker (1 to 3), the gateway (2) or the Kafka node (1 to 3); 0 for both gateways
     * @param down how long after the kill the part is started again
     */
    record Step(int number, Duration at, PartKind kind, int target, Duration down) {

        @Override
        public String toString() {
            String part = switch (kind) {
                case WORKER -> "worker " + target;
                case GATEWAY -> "gateway " + target;
                case BOTH_GATEWAYS -> "both gateways";
                case KAFKA_NODE -> "Kafka node " + target;
            };
            return "step " + number + " at +" + at.toSeconds() + " s: kill -9 " + part + ", restart after "
                    + down.toSeconds() + " s";
        }
    }

    static ChaosPlan of(ChaosSettings settings) {
        Random random = new Random(settings.seed());
        List<PartKind> kinds = new ArrayList<>(List.of(PartKind.values()));
        while (kinds.size() < settings.kills()) {
            kinds.add(PartKind.values()[random.nextInt(KINDS_REQUIRED)]);
        }
        Collections.shuffle(kinds, random);
        long slotMillis = settings.duration().toMillis() / settings.kills();
        int nextKafkaNode = 1 + random.nextInt(KAFKA_NODES);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            PartKind kind = kinds.get(i);
            int target = switch (kind) {
                case WORKER -> 1 + random.nextInt(WORKERS);
                case GATEWAY -> 2;
                case BOTH_GATEWAYS -> 0;
                case KAFKA_NODE -> nextKafkaNode;
            };
            if (kind == PartKind.KAFKA_NODE) {
                nextKafkaNode = nextKafkaNode % KAFKA_NODES + 1;
            }
            int downSeconds = kind == PartKind.KAFKA_NODE
                    ? KAFKA_DOWN_MIN_SECONDS + random.nextInt(KAFKA_DOWN_MAX_SECONDS - KAFKA_DOWN_MIN_SECONDS + 1)
                    : random.nextInt(APP_DOWN_MAX_SECONDS + 1);
            // A quarter of a slot in at least, so that the first kill finds jobs under way.
            Duration at = Duration.ofMillis(i * slotMillis + slotMillis / 4 + random.nextLong(slotMillis / 4 + 1));
            steps.add(new Step(i + 1, at, kind, target, Duration.ofSeconds(downSeconds)));
        }
        return new ChaosPlan(List.copyOf(steps));
    }
}
