package dev.conveyor.gateway.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Create, list and revoke API tokens; {@code ADMIN} only ({@link ApiSecurity}). */
@RestController
@RequestMapping(path = "/api/v1/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "tokens", description = "API tokens: who may call the API, with which role")
class TokensController {

    private static final String TOKEN_ID = "The token's id, as returned when it was created";
    private static final String NO_SUCH_TOKEN = "No token has that id";

    private final ApiTokens tokens;

    TokensController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /** Answers 201 with the token itself, which is never shown again, once Kafka holds it. */
    @PostMapping
    @Operation(operationId = "createToken", summary = "Create a token", description = """
            Answers `201` with the token's secret, shown this once and kept nowhere, once Kafka \
            holds the token. Its `name` is who the jobs it submits were submitted by; its `role` \
            is `VIEWER`, `OPERATOR` or `ADMIN`; it may expire.

            Role: `admin`.""")
    @ApiResponse(responseCode = "201", description = "Created; the only answer that shows the secret")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge the token in time")
    ResponseEntity<NewTokenView> create(@RequestBody CreateTokenRequest body, Principal caller) {
        IssuedToken issued = tokens.issue(body, caller.getName());
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}")
                .buildAndExpand(issued.token().id()).toUri();
        return ResponseEntity.created(location).body(NewTokenView.of(issued));
    }

    @GetMapping
    @Operation(operationId = "listTokens", summary = "List tokens", description = """
            Every token, revoked and expired ones too, without their secrets.

            Role: `admin`.""")
    @ApiResponse(responseCode = "200", description = "Every token")
    TokensView list() {
        return new TokensView(tokens.all().stream().map(TokenView::of).toList());
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getToken", summary = "Read a token", description = """
            The token, without its secret.

            Role: `admin`.""")
    @ApiResponse(responseCode = "200", description = "The token")
    @ApiResponse(responseCode = "404", description = NO_SUCH_TOKEN)
    TokenView get(@Parameter(description = TOKEN_ID) @PathVariable String id) {
        return TokenView.of(tokens.get(id));
    }

    /** Answers 204 once Kafka holds the revocation; from then on the token answers 401 on this gateway. */
    @DeleteMapping("/{id}")
    @Operation(operationId = "revokeToken", summary = "Revoke a token", description = """
            Answers `204` once Kafka holds the revocation; from then on the token answers `401`.

            Role: `admin`.""")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "404", description = NO_SUCH_TOKEN)
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge the revocation in time")
    ResponseEntity<Void> revoke(@Parameter(description = TOKEN_ID) @PathVariable String id, Principal caller) {
        tokens.revoke(id, caller.getName());
        return ResponseEntity.noContent().build();
    }
}
