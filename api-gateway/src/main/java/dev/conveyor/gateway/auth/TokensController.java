package dev.conveyor.gateway.auth;

import java.net.URI;
import java.security.Principal;
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
@RequestMapping("/api/v1/tokens")
class TokensController {

    private final ApiTokens tokens;

    TokensController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /** Answers 201 with the token itself, which is never shown again, once Kafka holds it. */
    @PostMapping
    ResponseEntity<NewTokenView> create(@RequestBody CreateTokenRequest body, Principal caller) {
        IssuedToken issued = tokens.issue(body, caller.getName());
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}")
                .buildAndExpand(issued.token().id()).toUri();
        return ResponseEntity.created(location).body(NewTokenView.of(issued));
    }

    @GetMapping
    TokensView list() {
        return new TokensView(tokens.all().stream().map(TokenView::of).toList());
    }

    @GetMapping("/{id}")
    TokenView get(@PathVariable String id) {
        return TokenView.of(tokens.get(id));
    }

    /** Answers 204 once Kafka holds the revocation; from then on the token answers 401 on this gateway. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable String id, Principal caller) {
        tokens.revoke(id, caller.getName());
        return ResponseEntity.noContent().build();
    }
}
