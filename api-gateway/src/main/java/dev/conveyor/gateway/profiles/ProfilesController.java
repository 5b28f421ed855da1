package dev.conveyor.gateway.profiles;

import dev.conveyor.common.profiles.Profile;
import dev.conveyor.common.profiles.ProfileReader;
import dev.conveyor.gateway.jobs.Idempotency;
import dev.conveyor.gateway.jobs.JobView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Compliance profiles, written in YAML or JSON, versioned, run over inventories. */
@RestController
@RequestMapping(path = "/api/v1/profiles", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "profiles", description = "Compliance profiles: controls, each one check, run over inventories of targets")
class ProfilesController {

    private static final String PROFILE_ID = "The profile's id";
    private static final String NO_SUCH_PROFILE = "No profile has that id";
    private static final String YAML = "application/yaml";

    private final ProfileCatalog catalog;
    private final ProfileService profiles;
    private final ProfileRuns runs;

    ProfilesController(ProfileCatalog catalog, ProfileService profiles, ProfileRuns runs) {
        this.catalog = catalog;
        this.profiles = profiles;
        this.runs = runs;
    }

    @GetMapping
    @Operation(operationId = "listProfiles", summary = "List profiles", description = """
            Every profile, the newest version of each.

            Role: `viewer`, `operator` or `admin`.""")
    @ApiResponse(responseCode = "200", description = "Every profile")
    ProfileListView list() {
        return new ProfileListView(catalog.all());
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getProfile", summary = "Read a profile", description = """
            The newest version of the profile.

            Role: `viewer`, `operator` or `admin`.""")
    @ApiResponse(responseCode = "200", description = "The profile")
    @ApiResponse(responseCode = "404", description = NO_SUCH_PROFILE)
    Profile get(@Parameter(description = PROFILE_ID) @PathVariable String id) {
        return catalog.find(id).orElseThrow(() -> ProfileService.notFound(id));
    }

    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, YAML})
    @Operation(operationId = "createProfile", summary = "Create a profile", description = """
            A profile in YAML (`Content-Type: application/yaml`) or JSON: `id`, `title`, \
            `description` and `controls`, each with an `id`, `title`, `severity` (`info` to \
            `critical`), `tags` and one `check` (`type`: http, tcp, tls or dns; `params` with \
            `${target}` and the targets' variables; `timeout`). Answers `201` with version 1 once \
            Kafka holds it; a profile that does not read or is not valid is a `400` whose errors \
            name the line and column of each problem.

            Role: `admin`.""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
            @Content(mediaType = YAML, schema = @Schema(type = "string")),
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Profile.class))})
    @ApiResponse(responseCode = "201", description = "Created: Kafka holds version 1")
    @ApiResponse(responseCode = "409", description = "A profile with that id exists")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge the profile in time")
    ResponseEntity<Profile> create(@RequestBody String body) {
        Profile profile = profiles.create(ProfileReader.read(body, "request body"));
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(profile.id())
                .toUri();
        return ResponseEntity.created(location).body(profile);
    }

    @PutMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, YAML})
    @Operation(operationId = "replaceProfile", summary = "Replace a profile", description = """
            Makes the next version of the profile, unless it is the same as the stored one. Jobs \
            that ran an earlier version keep what they ran.

            Role: `admin`.""")
    @ApiResponse(responseCode = "200", description = "The stored version")
    @ApiResponse(responseCode = "404", description = NO_SUCH_PROFILE)
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge the profile in time")
    Profile replace(@Parameter(description = PROFILE_ID) @PathVariable String id, @RequestBody String body) {
        return profiles.replace(id, ProfileReader.read(body, "request body"), false);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteProfile", summary = "Delete a profile", description = """
            Deletes every version; jobs that ran it keep what they ran.

            Role: `admin`.""")
    @ApiResponse(responseCode = "204", description = "Deleted, once Kafka holds the deletion")
    @ApiResponse(responseCode = "404", description = NO_SUCH_PROFILE)
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge the deletion in time")
    ResponseEntity<Void> delete(@Parameter(description = PROFILE_ID) @PathVariable String id) {
        profiles.delete(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/{id}/run", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "runProfile", summary = "Run a profile over an inventory", description = """
            Queues a `profile` job that runs every control of the profile's newest version on every \
            target, labelled `profile=<id>`. Every control is planned on every target first: one \
            that could not run on some target is a `400` naming it. Answers `202` with the job; its \
            report is at `/api/v1/jobs/{id}/report` once it succeeded.

            Role: `operator` or `admin`.""")
    @ApiResponse(responseCode = "202", description = "Queued: Kafka holds the job")
    @ApiResponse(responseCode = "404", description = NO_SUCH_PROFILE)
    @ApiResponse(responseCode = "409", description = "The same Idempotency-Key was used for another request")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge the job in time: it is "
            + "not known to be queued, and may be. Send the same request with the same Idempotency-Key after "
            + "`Retry-After` seconds to queue it exactly once.")
    ResponseEntity<JobView> run(@Parameter(description = PROFILE_ID) @PathVariable String id,
            @Valid @RequestBody ProfileRunRequest body,
            @Parameter(description = "Makes a retry safe: the same key and body answer the job the first request "
                    + "made") @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey,
            Principal caller) {
        String by = caller.getName();
        var job = runs.run(id, body, by, Idempotency.of(by, idempotencyKey, "run profile " + id, body));
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/jobs/{id}")
                .buildAndExpand(job.id()).toUri();
        return ResponseEntity.accepted().location(location).body(JobView.of(job));
    }

    /** @param items every profile, by id */
    record ProfileListView(List<Profile> items) {
    }
}
