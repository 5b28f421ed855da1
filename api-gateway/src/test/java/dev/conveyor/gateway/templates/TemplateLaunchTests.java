package dev.conveyor.gateway.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.conveyor.common.jobs.JobOrigin;
import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.secrets.SecretBox;
import dev.conveyor.common.templates.InvalidTemplateException;
import dev.conveyor.common.templates.JobTemplate;
import dev.conveyor.common.types.Violation;
import dev.conveyor.gateway.jobs.Idempotency;
import dev.conveyor.gateway.jobs.JobQueueing;
import dev.conveyor.gateway.jobs.JobRequestFactory;
import dev.conveyor.gateway.jobs.SubmitJobRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What a launch with an Idempotency-Key keeps of its body: never a digest that a guessed secret can be checked against. */
class TemplateLaunchTests {

    private static final String SECRET = "s3cr3t-token-value";

    private final TemplateCatalog catalog = new TemplateCatalog();
    private final JobRequestFactory requests = mock(JobRequestFactory.class);
    private final JobQueueing queueing = mock(JobQueueing.class);
    private final List<JobRequest> queued = new ArrayList<>();
    private final TemplateLaunch launch = new TemplateLaunch(catalog, requests, queueing,
            new SecretBox(List.of("k1:" + Base64.getEncoder().encodeToString(new byte[32]))));

    TemplateLaunchTests() {
        catalog.put(anApiCheckWithASecretToken());
        given(requests.create(any(), anyString(), anyString(), any(), anyString(), anyList()))
                .willAnswer(call -> aRequestOf(call.getArgument(0), call.getArgument(1), call.getArgument(2),
                        call.getArgument(3)));
        given(queueing.queue(anyList(), any())).willAnswer(call -> {
            List<JobRequest> given = call.getArgument(0);
            queued.addAll(given);
            return given.stream().map(JobSnapshot::queued).toList();
        });
    }

    private static JobTemplate anApiCheckWithASecretToken() {
        return new JobTemplate("api-check", 1, null, "http", json("""
                {"url": "https://example.org/", "headers": {"Authorization": "Bearer ${token}"}}"""), json("""
                {"properties": {"token": {"type": "string", "writeOnly": true}, "env": {"type": "string"}},
                 "required": ["token"]}"""), null, null, null, Map.of(), "ada", Instant.parse("2026-12-01T00:00:00Z"));
    }

    private static JobRequest aRequestOf(SubmitJobRequest job, String id, String by, JobOrigin origin) {
        return new JobRequest(id, job.type(), job.params(), "default", null, 1, job.labels(), by,
                Instant.parse("2026-12-01T10:00:00Z"), null, null, origin);
    }

    private static LaunchRequest withToken(String token) {
        return new LaunchRequest(json("{\"token\": \"" + token + "\", \"env\": \"prod\"}"), null);
    }

    private static JsonNode json(String text) {
        return ConveyorJson.mapper().readTree(text);
    }

    private String storedDigestOfLaunch(LaunchRequest body) {
        launch.launch("api-check", body, "otto", "key-1");
        return queued.getLast().origin().requestDigest();
    }

    @Test
    void theStoredDigestConfirmsNoGuessOfASecret() {
        String stored = storedDigestOfLaunch(withToken(SECRET));

        // What anyone who reads the origin can compute for a guess, the right one included.
        String ofTheRightGuess = Idempotency.of("otto", "key-1", "launch api-check", withToken(SECRET)).digest();
        assertThat(stored).isNotNull().isNotEqualTo(ofTheRightGuess);
        assertThat(queued.getLast().params().toString()).doesNotContain(SECRET);
    }

    @Test
    void theSameSecretGivesTheSameDigestAndAnotherSecretAnother() {
        String first = storedDigestOfLaunch(withToken(SECRET));
        String retry = storedDigestOfLaunch(withToken(SECRET));
        String other = storedDigestOfLaunch(withToken(SECRET + "x"));

        // JobQueueing answers the same job for an equal digest and 409 for another (JobQueueingTests).
        assertThat(retry).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(queued).extracting(JobRequest::id).containsOnly(Idempotency.of("otto", "key-1", "x", null).jobId(0));
    }

    @Test
    void aLaunchWithoutAKeyKeepsNoDigest() {
        launch.launch("api-check", withToken(SECRET), "otto", null);

        assertThat(queued.getLast().origin().requestDigest()).isNull();
    }

    @Test
    void aValueThatIsNotSecretStillChangesTheDigest() {
        String prod = storedDigestOfLaunch(withToken(SECRET));
        String staging = storedDigestOfLaunch(new LaunchRequest(json("{\"token\": \"" + SECRET + "\", \"env\": \"staging\"}"),
                null));

        assertThat(staging).isNotEqualTo(prod);
    }

    @Test
    void anOperatorsValueCannotTurnAnAdminsCommandIntoAnotherOne() {
        catalog.put(new JobTemplate("tail-log", 1, null, "command", json("""
                {"executable": "/usr/bin/tail", "args": ["-n", "5", "/var/log/${file}"]}"""), json("""
                {"properties": {"file": {"type": "string"}}, "required": ["file"]}"""), null, null, null, Map.of(),
                "ada", Instant.parse("2026-12-01T00:00:00Z")));

        assertThatThrownBy(() -> launch.launch("tail-log",
                new LaunchRequest(json("{\"file\": \"../../proc/self/cwd/admin.token\"}"), null), "otto", null))
                .isInstanceOfSatisfying(InvalidTemplateException.class, e -> assertThat(e.violations())
                        .extracting(Violation::pointer).containsExactly("/params/file"));
        assertThat(queued).isEmpty();

        launch.launch("tail-log", new LaunchRequest(json("{\"file\": \"nginx/error.log\"}"), null), "otto", null);
        assertThat(queued).singleElement().satisfies(job -> assertThat(job.params().get("args").get(2).asString())
                .isEqualTo("/var/log/nginx/error.log"));
    }
}
