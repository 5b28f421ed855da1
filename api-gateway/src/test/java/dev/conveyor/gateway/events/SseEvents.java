package dev.conveyor.gateway.events;

import static org.awaitility.Awaitility.await;

import dev.conveyor.common.json.ConveyorJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/** The events a stream answered through {@code MockMvc} has written so far, read as a client reads them. */
final class SseEvents {

    private static final Duration SOON = Duration.ofSeconds(10);

    /** One server-sent event: its id (or {@code null}), its name and its data. */
    record Event(String id, String name, JsonNode data) {
    }

    private SseEvents() {
    }

    static List<Event> of(MvcResult stream) throws Exception {
        List<Event> events = new ArrayList<>();
        for (String block : stream.getResponse().getContentAsString().split("\n\n")) {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("id:")) {
                    id = line.substring(3);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6);
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5));
                }
            }
            if (name != null) {
                events.add(new Event(id, name, ConveyorJson.mapper().readTree(data.toString())));
            }
        }
        return events;
    }

    /** Waits until the stream has written an event that {@code wanted} accepts; answers every event so far. */
    static List<Event> awaitEvent(MvcResult stream, Predicate<Event> wanted) {
        return await().atMost(SOON).until(() -> of(stream), events -> events.stream().anyMatch(wanted));
    }

    /** Waits until the stream has sent the progress line at {@code offset}. */
    static List<Event> awaitLine(MvcResult stream, long offset) {
        return awaitEvent(stream, e -> e.name().equals("progress") && Long.toString(offset).equals(e.id()));
    }
}
