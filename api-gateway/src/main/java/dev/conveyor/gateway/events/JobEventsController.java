package dev.conveyor.gateway.events;

import dev.conveyor.gateway.system.InvalidQueryException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A job's live events as Server-Sent Events. */
@RestController
@Tag(name = "jobs")
class JobEventsController {

    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final JobStreams streams;

    JobEventsController(JobStreams streams) {
        this.streams = streams;
    }

    @GetMapping(path = "/api/v1/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamJobEvents", summary = "Watch a job live", description = """
            Server-Sent Events: first the job's current state (`event: state`, data as `getJob` \
            answers it), then each change of state and each line the job reports (`event: progress` \
            with a share from 0 to 1, `event: log`), until the job ends; then the stream closes. \
            A comment every 15 seconds keeps an idle stream open. Every event has an id: after a \
            lost connection, send the last one as `Last-Event-ID` (browsers do) to any gateway, and \
            the stream goes on with the current state and every line missed.

            Role: `viewer`, `operator` or `admin`.""")
    @ApiResponse(responseCode = "200", description = "The stream", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", description = "This gateway knows no job with that id")
    @ApiResponse(responseCode = "503", description = "This gateway is not reading job events yet (Kafka is "
            + "away). Try again after `Retry-After` seconds.")
    SseEmitter events(@Parameter(description = "The job's id") @PathVariable String id,
            @Parameter(description = "The id of the last event received, to resume after it")
            @RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId) {
        return streams.open(id, parse(lastEventId));
    }

    private static Long parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(lastEventId.strip());
            if (id >= -1) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidQueryException(LAST_EVENT_ID, "'" + lastEventId + "' is not an event id of this API: "
                + "send the id of the last event received, unchanged");
    }
}
