package dev.conveyor.gateway.events;

import dev.conveyor.gateway.system.CallerTokens;
import dev.conveyor.gateway.system.InvalidQueryException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import org.springframework.http.HttpHeaders;
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
    private final CallerTokens tokens;

    JobEventsController(JobStreams streams, CallerTokens tokens) {
        this.streams = streams;
        this.tokens = tokens;
    }

    @GetMapping(path = "/api/v1/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamJobEvents", summary = "Watch a job live", description = """
            Server-Sent Events: first the job's current state (`event: state`, data as `getJob` \
            answers it), then each change of state and each line the job reports (`event: progress` \
            with a share from 0 to 1, `event: log`), until the job ends; then the stream closes. \
            A comment every 15 seconds keeps an idle stream open. Events have ids: after a lost \
            connection, send the last one as `Last-Event-ID` (browsers do) to any gateway, and the \
            stream goes on with the current state and every line missed that the gateway still \
            holds: it keeps the latest lines of all jobs in memory (`conveyor.gateway.events.replay-lines`), \
            never reading them again from Kafka. When some missed lines are no longer held, an \
            `event: reset` follows the state (data: `jobId`, `reason`, `detail`), then the lines it \
            holds: the state is current, and the job's result or error is in `getJob`. A gateway \
            holds a limited number of streams, per token and in all: past either, `429`. A stream \
            whose token stops being valid (revoked, expired, or this gateway has not heard from Kafka \
            about tokens for too long) ends with `event: closed` (data: `reason`, `detail`): at once \
            when this gateway learns of a revocation, otherwise within \
            `conveyor.gateway.events.token-recheck-interval`.

            Role: `viewer`, `operator` or `admin`.""")
    @ApiResponse(responseCode = "200", description = "The stream", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "`Last-Event-ID` is not an id this API gave: not a whole "
            + "number, or negative")
    @ApiResponse(responseCode = "404", description = "This gateway knows no job with that id")
    @ApiResponse(responseCode = "429", description = "The caller's token holds as many streams open on this gateway "
            + "as it may (`conveyor.gateway.events.max-streams-per-token`), or the gateway as many as it may "
            + "(`conveyor.gateway.events.max-streams`). Try again after `Retry-After` seconds.",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "Seconds to wait before trying again",
                    schema = @Schema(type = "integer")))
    @ApiResponse(responseCode = "503", description = "This gateway is not reading job events yet (Kafka is "
            + "away). Try again after `Retry-After` seconds.")
    SseEmitter events(@Parameter(description = "The job's id") @PathVariable String id,
            @Parameter(description = "The id of the last event received, to resume after it: a whole number, 0 "
                    + "or more, as the stream sent it")
            @RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId, Principal caller) {
        return streams.open(id, parse(lastEventId), tokens.tokenOf(caller), caller);
    }

    private static Long parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(lastEventId.strip());
            // The ids this API gives are offsets, never negative; -1 would ask for a read from the beginning.
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidQueryException(LAST_EVENT_ID, "'" + lastEventId + "' is not an event id of this API: "
                + "send the id of the last event received, unchanged");
    }
}
