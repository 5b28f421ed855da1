package dev.conveyor.gateway.audit;

import static dev.conveyor.gateway.system.QueryParameters.instant;
import static dev.conveyor.gateway.system.QueryParameters.limit;
import static dev.conveyor.gateway.system.QueryParameters.single;

import dev.conveyor.gateway.store.AuditLog;
import dev.conveyor.gateway.store.AuditPage;
import dev.conveyor.gateway.store.AuditQuery;
import dev.conveyor.gateway.system.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit", description = "Who changed what, when and from where")
class AuditController {

    private static final Set<String> PARAMETERS = new TreeSet<>(List.of("actor", "action", "since", "until", "limit",
            "cursor"));

    private final AuditLog audit;
    private final AuditProperties properties;

    AuditController(AuditLog audit, AuditProperties properties) {
        this.audit = audit;
        this.properties = properties;
    }

    @GetMapping
    @Operation(operationId = "listAudit", summary = "List the audit trail", description = """
            Every state-changing call (jobs submitted, canceled and relaunched, templates and \
            profiles created, changed, deleted, launched and run, tokens created and revoked), done or \
            refused, newest first, a page at a time: pass a page's `nextCursor` as `cursor` for the \
            next one. Filters: `actor`, `action` (such as `job.submit` or `token.revoke`), `since` and \
            `until` (ISO-8601 instants); `limit` (default 50). An unknown parameter is a `400`.

            Role: `admin`.""")
    @ApiResponse(responseCode = "200", description = "One page of the audit trail")
    @Parameter(name = "actor", in = ParameterIn.QUERY, description = "Only calls by this caller (a token's name, "
            + "or `admin`)", schema = @Schema(type = "string"))
    @Parameter(name = "action", in = ParameterIn.QUERY, description = "Only calls of this action", schema = @Schema(
            type = "string", allowableValues = {"job.submit", "job.submit-batch", "job.cancel", "job.relaunch",
                    "template.create", "template.change", "template.delete", "template.launch", "profile.create",
                    "profile.change", "profile.delete", "profile.run", "token.create", "token.revoke", "other"}))
    @Parameter(name = "since", in = ParameterIn.QUERY, description = "Only calls at or after this instant",
            schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "until", in = ParameterIn.QUERY, description = "Only calls before this instant",
            schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "At most this many entries (default 50)",
            schema = @Schema(type = "integer", minimum = "1"))
    @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "The previous page's `nextCursor`, unchanged",
            schema = @Schema(type = "string"))
    AuditPage list(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query) {
        QueryParameters.requireKnown(query, PARAMETERS);
        return audit.list(new AuditQuery(single(query, "actor"), single(query, "action"), instant(query, "since"),
                instant(query, "until"), limit(query, properties.defaultPageSize(), properties.maxPageSize()),
                single(query, "cursor")));
    }
}
