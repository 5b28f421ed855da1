package dev.conveyor.system;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clients that submit batches of short {@code sleep} jobs through both gateways, as a careful
 * client would: each batch carries an {@code Idempotency-Key} and is sent again with the same key,
 * alternately to either gateway, until one answers 202. Batch {@code i} is made from the seed and
 * {@code i} alone; the run's jobs are due at a pace that spreads them over its duration, and
 * {@link #burst} makes the next few due at once, on top of them, so that a kill finds batches in
 * flight however late the schedule runs.
 */
final class ChaosClients {

    private static final Logger log = LoggerFactory.getLogger(ChaosClients.class);
    private static final int MIN_BATCH = 50;
    private static final int MAX_BATCH = 200;
    private static final List<String> SLEEPS = List.of("PT0.5S", "PT1S", "PT1.5S", "PT2S");
    /**
     * Retries come after 0.2 to 2 s, so that some reach the other gateway before it has projected
     * what the first one wrote, and some after.
     */
    private static final int RETRY_PAUSE_MIN_MILLIS = 200;
    private static final int RETRY_PAUSE_MAX_MILLIS = 2000;

    /** One request of a batch and how it was answered: an HTTP status, or why there was no answer. */
    record Try(int gateway, Instant at, String outcome) {
    }

    /**
     * A batch some gateway answered 202.
     *
     * @param jobIds the ids in the answer, in the order submitted
     * @param acceptedAt when the client got the 202
     * @param answeredBy the gateway (1 or 2) that answered it
     * @param tries every request, the 202 last
     */
    record AcceptedBatch(String key, List<String> jobIds, Instant acceptedAt, int answeredBy, List<Try> tries) {
    }

    /** A batch sent at least once and never answered 202. */
    record UnansweredBatch(String key, int size, List<Try> tries) {
    }

    private record Batch(String key, String body, int size) {
    }

    private final List<Api> gateways;
    private final long seed;
    private final String keyPrefix;
    private final Duration interval;
    /** Batches due at the pace; bursts come on top, so that the run stays near its jobs however late it runs. */
    private final int pacedBatches;
    private final Duration bound;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger released = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean givenUp = new AtomicBoolean();
    private final List<AtomicInteger> inFlight;
    private final List<AcceptedBatch> accepted = new CopyOnWriteArrayList<>();
    private final List<UnansweredBatch> unanswered = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private Instant start;

    /**
     * @param gateways the APIs of gateway 1 and gateway 2
     * @param keyPrefix makes this run's keys its own
     */
    ChaosClients(List<Api> gateways, ChaosSettings settings, String keyPrefix) {
        this.gateways = List.copyOf(gateways);
        this.inFlight = gateways.stream().map(g -> new AtomicInteger()).toList();
        this.seed = settings.seed();
        this.keyPrefix = keyPrefix;
        this.pacedBatches = Math.max(1, settings.jobs() * 2 / (MIN_BATCH + MAX_BATCH));
        this.interval = settings.duration().dividedBy(pacedBatches);
        this.bound = settings.duration().plus(Duration.ofMinutes(30));
    }

    /** Batch {@code index}: its size, and each job's sleep, from the seed and the index alone. */
    private Batch batch(int index) {
        Random random = new Random(seed * 31 + index);
        int size = MIN_BATCH + random.nextInt(MAX_BATCH - MIN_BATCH + 1);
        String body = IntStream.range(0, size)
                .mapToObj(i -> "{\"type\":\"sleep\",\"params\":{\"duration\":\"" + SLEEPS.get(random.nextInt(SLEEPS.size()))
                        + "\"}}")
                .collect(Collectors.joining(",", "{\"jobs\":[", "]}"));
        return new Batch(keyPrefix + "-" + index, body, size);
    }

    /** Starts {@code clients} virtual threads, each submitting the next due batch until it is answered 202. */
    void start(int clients) {
        start = Instant.now();
        for (int client = 0; client < clients; client++) {
            int number = client;
            threads.add(Thread.ofVirtual().name("chaos-client-" + client).start(() -> submitBatches(number)));
        }
    }

    /** Makes the next {@code count} batches due at once, beyond those already due. */
    void burst(int count) {
        long pacedDue = Math.min(pacedBatches, Duration.between(start, Instant.now()).toMillis() / interval.toMillis() + 1);
        released.updateAndGet(due -> Math.max(due, (int) pacedDue) + count);
    }

    /** Requests sent to gateway {@code gateway} (1 or 2) and not answered yet. */
    int inFlightAt(int gateway) {
        return inFlight.get(gateway - 1).get();
    }

    int inFlight() {
        return inFlight.stream().mapToInt(AtomicInteger::get).sum();
    }

    /** No further batch is started; those under way are sent again until answered. */
    void stop() {
        stopped.set(true);
    }

    /** Batches still unanswered are left so, and every client ends. */
    void giveUp() {
        givenUp.set(true);
    }

    boolean done() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    int acceptedCount() {
        return accepted.size();
    }

    List<AcceptedBatch> accepted() {
        return List.copyOf(accepted);
    }

    List<UnansweredBatch> unanswered() {
        return List.copyOf(unanswered);
    }

    private void submitBatches(int client) {
        while (!stopped.get()) {
            int index = next.getAndIncrement();
            await("batch " + index + " due").atMost(bound).pollInterval(Duration.ofMillis(20))
                    .until(() -> stopped.get() || isDue(index));
            if (stopped.get()) {
                return;
            }
            submitUntilAccepted(client, batch(index));
        }
    }

    private boolean isDue(int index) {
        return index < released.get()
                || index < pacedBatches && !Instant.now().isBefore(start.plus(interval.multipliedBy(index)));
    }

    private void submitUntilAccepted(int client, Batch batch) {
        List<Try> tries = new ArrayList<>();
        Random pauses = new Random(seed * 31 + batch.key().hashCode());
        for (int attempt = 0; !givenUp.get(); attempt++) {
            int gateway = 1 + (client + attempt) % gateways.size();
            Api.Response answer = null;
            String noAnswer = null;
            inFlight.get(gateway - 1).incrementAndGet();
            try {
                answer = gateways.get(gateway - 1).post("/api/v1/jobs:batch", batch.body(), "Idempotency-Key", batch.key());
            } catch (IllegalStateException e) {
                noAnswer = "no answer: " + e.getCause();
            } finally {
                inFlight.get(gateway - 1).decrementAndGet();
            }
            Instant at = Instant.now();
            tries.add(new Try(gateway, at, answer == null ? noAnswer : String.valueOf(answer.status())));
            if (answer != null && answer.status() == 202) {
                List<String> ids = answer.json().get("jobs").valueStream().map(job -> job.get("id").asString()).toList();
                accepted.add(new AcceptedBatch(batch.key(), ids, at, gateway, List.copyOf(tries)));
                return;
            }
            if (answer != null && answer.status() == 400) {
                log.error("gateway {} refused batch {}: {}", gateway, batch.key(), answer.body());
                break; // the same body would be refused again
            }
            // The pace of the retries, not a wait for something to happen.
            Duration pause = Duration.ofMillis(RETRY_PAUSE_MIN_MILLIS
                    + pauses.nextInt(RETRY_PAUSE_MAX_MILLIS - RETRY_PAUSE_MIN_MILLIS + 1));
            await().pollDelay(pause).until(() -> true);
        }
        unanswered.add(new UnansweredBatch(batch.key(), batch.size(), List.copyOf(tries)));
    }
}
