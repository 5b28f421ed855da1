package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A job's live events over Server-Sent Events, from a real worker through a real gateway: its
 * state, its progress lines, its end; and a stream resumed with {@code Last-Event-ID} after a lost
 * connection, on another gateway, misses no line and repeats none.
 */
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false")
class JobEventsTests {

    private static final String PREFIX = "events-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Duration SOON = Duration.ofSeconds(20);

    private static ConfigurableApplicationContext worker;
    private static ConfigurableApplicationContext gateway;
    private static ConfigurableApplicationContext otherGateway;
    private static Api api;
    private static Api otherApi;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker, @TempDir Path one, @TempDir Path two) {
        String brokers = broker.getBrokersAsString();
        worker = ConveyorApps.worker(brokers, PREFIX, "events-worker");
        gateway = ConveyorApps.gateway(brokers, PREFIX, one);
        otherGateway = ConveyorApps.gateway(brokers, PREFIX, two);
        api = Api.onPort(ConveyorApps.port(gateway));
        otherApi = Api.onPort(ConveyorApps.port(otherGateway));
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] {otherGateway, gateway, worker}) {
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    void aStreamTellsTheStateThenEveryChangeAndProgressLineUntilTheEnd() throws Exception {
        String id = api.submit("{\"type\":\"sleep\",\"params\":{\"duration\":\"PT3.5S\"}}");

        try (EventStream stream = api.events(id, null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            List<EventStream.Event> events = stream.untilTheEnd(SOON);

            assertThat(events.getFirst().name()).isEqualTo("state");
            assertThat(events.getFirst().json().get("id").asString()).isEqualTo(id);
            assertThat(events.stream().filter(e -> e.name().equals("progress")).map(e -> e.json().get("message")
                    .asString())).containsExactly("slept 1 s of PT3.5S", "slept 2 s of PT3.5S", "slept 3 s of PT3.5S");
            assertThat(events.stream().filter(e -> e.name().equals("state")).map(e -> e.json().get("status")
                    .asString())).endsWith("RUNNING", "SUCCEEDED").doesNotHaveDuplicates();
            assertThat(events.getLast().json().get("status").asString()).isEqualTo("SUCCEEDED");
            // A state event sent before the job's partition holds any line has no id to resume from.
            assertThat(events.stream().filter(e -> e.name().equals("progress"))).allMatch(e -> e.id() != null);
            assertThat(events.stream().filter(e -> e.id() != null).map(e -> Long.parseLong(e.id())).toList()).isSorted();
        }
    }

    @Test
    void aResumedStreamGoesOnAfterTheLastEventItSawOnAnyGateway() throws Exception {
        String id = api.submit("{\"type\":\"sleep\",\"params\":{\"duration\":\"PT4S\"}}");
        String lastSeen;
        try (EventStream stream = api.events(id, null)) {
            EventStream.Event event = stream.next(SOON);
            while (!event.name().equals("progress")) {
                event = stream.next(SOON);
            }
            assertThat(event.json().get("message").asString()).isEqualTo("slept 1 s of PT4S");
            lastSeen = event.id();
        }
        await().atMost(SOON).until(() -> api.statusOf(id).equals("SUCCEEDED"));
        await().atMost(SOON).until(() -> otherApi.statusOf(id).equals("SUCCEEDED"));

        try (EventStream resumed = otherApi.events(id, lastSeen)) {
            List<EventStream.Event> events = resumed.untilTheEnd(SOON);

            assertThat(events.getFirst().name()).isEqualTo("state");
            assertThat(events.getFirst().json().get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(events.stream().filter(e -> e.name().equals("progress")).map(e -> e.json().get("message")
                    .asString())).containsExactly("slept 2 s of PT4S", "slept 3 s of PT4S", "slept 4 s of PT4S");
        }
    }

    @Test
    void aStreamOfAJobNobodyKnowsIsAProblemAndABadLastEventIdToo() throws Exception {
        try (EventStream stream = api.events(UUID.randomUUID().toString(), null)) {
            assertThat(stream.status()).isEqualTo(404);
        }
        String id = api.submit("{\"type\":\"noop\"}");
        try (EventStream stream = api.events(id, "yesterday")) {
            assertThat(stream.status()).isEqualTo(400);
            assertThat(stream.contentType()).isEqualTo("application/problem+json");
        }
    }
}
