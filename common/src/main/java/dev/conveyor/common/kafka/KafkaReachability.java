package dev.conveyor.common.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether the Kafka cluster answers, asked at most once per {@code maxAge} however often health
 * is probed, so that probes never pile requests onto a broker that is already slow.
 */
public final class KafkaReachability implements AutoCloseable {

    /**
     * What the last question found.
     *
     * @param reachable whether the cluster described itself in time
     * @param brokers how many brokers it named, 0 when unreachable
     * @param problem why it is unreachable; {@code null} when reachable
     * @param checkedAt when it was asked
     */
    public record Answer(boolean reachable, int brokers, String problem, Instant checkedAt) {
    }

    private final Admin admin;
    private final Duration timeout;
    private final Duration maxAge;
    private final Clock clock;
    private Answer last;

    public KafkaReachability(Map<String, Object> adminConfig, Duration timeout, Duration maxAge, Clock clock) {
        this(Admin.create(adminConfig), timeout, maxAge, clock);
    }

    KafkaReachability(Admin admin, Duration timeout, Duration maxAge, Clock clock) {
        this.admin = admin;
        this.timeout = timeout;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public synchronized Answer check() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(last.checkedAt().plus(maxAge))) {
            last = ask(now);
        }
        return last;
    }

    private Answer ask(Instant now) {
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS).size();
            return new Answer(true, brokers, null, now);
        } catch (ExecutionException e) {
            return new Answer(false, 0, e.getCause().toString(), now);
        } catch (TimeoutException e) {
            return new Answer(false, 0, "no answer within " + timeout, now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(false, 0, "interrupted", now);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
