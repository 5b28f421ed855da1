package dev.conveyor.system;

import dev.conveyor.common.json.ConveyorJson;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** A Server-Sent Events stream as a client reads it: events one by one, then its end. */
final class EventStream implements AutoCloseable {

    /** What the queue holds once the server closed the stream. */
    private static final Event END = new Event(null, "end", null);

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    EventStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        Thread.ofVirtual().start(this::read);
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private void read() {
        String id = null;
        String name = "message";
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
                }
            }
        } catch (RuntimeException closedByTheTest) {
            // the test closed the stream: nothing more to read
        } finally {
            events.add(END);
        }
    }

    /** The next event, waiting up to {@code timeout}; {@code null} once the stream ended. */
    Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + timeout);
        }
        return event == END ? null : event;
    }

    /** Every event until the server ends the stream, waiting up to {@code timeout} for each. */
    List<Event> untilTheEnd(Duration timeout) throws InterruptedException {
        List<Event> all = new ArrayList<>();
        for (Event event = next(timeout); event != null; event = next(timeout)) {
            all.add(event);
        }
        return all;
    }

    @Override
    public void close() {
        response.body().close();
    }

    /** One event: its id, its name ({@code event:}) and its data. */
    record Event(String id, String name, String data) {

        JsonNode json() {
            return ConveyorJson.mapper().readTree(data);
        }
    }
}
