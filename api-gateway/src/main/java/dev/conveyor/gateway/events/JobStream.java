package dev.conveyor.gateway.events;

import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.gateway.jobs.JobView;
import dev.conveyor.gateway.system.CallerTokens;
import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client's stream of one job, written by a thread of its own so that a slow client holds up
 * nobody else. Every event's id is the offset, in the job's partition of the job-events topic, of
 * the last line the client was sent (or of the line before the stream began; none when the
 * partition held no line yet): resuming after it replays exactly the lines missed, as far as
 * this gateway still holds them ({@link RecentLines}), and says so with a {@code reset} event
 * where it does not. States need no replay: a resumed stream starts with the current one. A
 * stream whose token stops being valid ends with a {@code closed} event that says why.
 */
final class JobStream {

    private static final Logger log = LoggerFactory.getLogger(JobStream.class);
    /** A comment this often keeps proxies from closing an idle stream. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** A client this far behind is let go; it resumes where it was. */
    private static final int MOST_WAITING = 1000;
    /** Lines written before the final state may still be on their way: wait this many tail polls before it. */
    private static final int POLLS_AFTER_THE_END = 2;
    private static final Duration AT_MOST_AFTER_THE_END = Duration.ofSeconds(2);
    /** Wakes a stream that waits for its next item, to see that it was closed. */
    private static final Object CLOSED = new Object();

    private final String jobId;
    private final String token;
    private final Principal caller;
    private final SseEmitter emitter;
    private final LongSupplier tailPolls;
    private final BlockingQueue<Object> waiting = new LinkedBlockingQueue<>(MOST_WAITING);
    private volatile boolean overrun;
    private volatile boolean closed;
    private volatile CallerTokens.Invalid ended;
    private long lastLine;
    private long lastVersion = -1;

    /**
     * @param token the key of the caller's token, whose share of streams this one counts against
     * @param caller who watches, whose token must stay valid for as long as the stream is open
     */
    JobStream(String jobId, String token, Principal caller, SseEmitter emitter, LongSupplier tailPolls) {
        this.jobId = jobId;
        this.token = token;
        this.caller = caller;
        this.emitter = emitter;
        this.tailPolls = tailPolls;
        emitter.onCompletion(this::close);
        emitter.onTimeout(this::close);
        emitter.onError(failure -> close());
    }

    String jobId() {
        return jobId;
    }

    String token() {
        return token;
    }

    Principal caller() {
        return caller;
    }

    /** A snapshot or a line for this stream; never blocks. */
    void offer(Object item) {
        if (!waiting.offer(item)) {
            overrun = true;
        }
    }

    void close() {
        closed = true;
        waiting.offer(CLOSED);
    }

    /** Ends the stream, whose token may no longer be used, with a last event saying why; never blocks. */
    void end(CallerTokens.Invalid why) {
        ended = why;
        close();
    }

    /**
     * Sends the state, the missed lines, then each change and line until the job ends or the
     * client goes.
     *
     * @param lineBefore the offset of the last line before this stream began (-1 for none)
     * @param missed the lines of the job after it, and whether they are all of them
     */
    void run(JobSnapshot now, long lineBefore, RecentLines.Replay missed) {
        lastLine = lineBefore;
        try {
            sendState(now);
            if (!missed.complete()) {
                sendReset(missed.heldFrom());
            }
            for (EventLine line : missed.lines()) {
                sendLine(line);
            }
            JobSnapshot end = now.status().isFinal() ? now : null;
            while (end == null && !closed && !overrun) {
                Object item = waiting.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if (item == null) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                } else if (item != CLOSED) {
                    end = send(item);
                }
            }
            CallerTokens.Invalid why = ended;
            if (why != null) {
                log.debug("Stream of job {} ended: {}", jobId, why.reason());
                emitter.send(SseEmitter.event().name("closed").data(why, MediaType.APPLICATION_JSON));
            } else if (end != null && end != now) {
                sendLinesWrittenBeforeTheEnd();
                sendState(end);
            }
            emitter.complete();
        } catch (IOException | IllegalStateException gone) {
            log.debug("Stream of job {} ended by its client: {}", jobId, gone.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        }
    }

    private void sendLinesWrittenBeforeTheEnd() throws IOException, InterruptedException {
        long until = tailPolls.getAsLong() + POLLS_AFTER_THE_END;
        Instant deadline = Instant.now().plus(AT_MOST_AFTER_THE_END);
        while (tailPolls.getAsLong() < until && Instant.now().isBefore(deadline) && !closed) {
            Object item = waiting.poll(50, TimeUnit.MILLISECONDS);
            if (item instanceof EventLine line) {
                sendLine(line);
            }
        }
    }

    /**
     * Sends a line, or a state unless it is the final one, which the stream sends last.
     *
     * @return the job's final state, or {@code null} while it runs
     */
    private JobSnapshot send(Object item) throws IOException {
        if (item instanceof EventLine line) {
            sendLine(line);
            return null;
        }
        JobSnapshot snapshot = (JobSnapshot) item;
        if (snapshot.version() <= lastVersion) {
            return null;
        }
        if (snapshot.status().isFinal()) {
            return snapshot;
        }
        sendState(snapshot);
        return null;
    }

    private void sendState(JobSnapshot snapshot) throws IOException {
        lastVersion = snapshot.version();
        SseEmitter.SseEventBuilder event = SseEmitter.event().name("state");
        // No line before: no id, so that a client resumes as a new stream rather than with an id this API refuses.
        if (lastLine >= 0) {
            event.id(Long.toString(lastLine));
        }
        emitter.send(event.data(JobView.of(snapshot), MediaType.APPLICATION_JSON));
    }

    /**
     * Tells the client that lines it missed are no longer held here: the state it was just sent
     * is current, and the job's result and error are in {@code GET /api/v1/jobs/{id}}. Its id
     * resumes after the lines that are gone.
     */
    private void sendReset(long heldFrom) throws IOException {
        lastLine = heldFrom - 1;
        emitter.send(SseEmitter.event().id(Long.toString(lastLine)).name("reset")
                .data(new Reset(jobId, "lines-not-held", "some lines of job " + jobId + " after the event id sent "
                        + "are no longer held by this gateway; the state sent is current, and GET /api/v1/jobs/"
                        + jobId + " has the job's result or error. The lines it still holds follow"),
                        MediaType.APPLICATION_JSON));
    }

    private void sendLine(EventLine line) throws IOException {
        if (line.offset() <= lastLine) {
            return;
        }
        lastLine = line.offset();
        emitter.send(SseEmitter.event().id(Long.toString(lastLine)).name(line.event().kind().name().toLowerCase())
                .data(line.event(), MediaType.APPLICATION_JSON));
    }

    /**
     * The data of a {@code reset} event.
     *
     * @param jobId the job streamed
     * @param reason why lines are missing: {@code lines-not-held}
     * @param detail the same, for people
     */
    record Reset(String jobId, String reason, String detail) {
    }
}
