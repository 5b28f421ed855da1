package dev.conveyor.gateway.auth;

import java.util.List;

/**
 * The body of {@code GET /api/v1/tokens}.
 *
 * @param tokens every token, revoked ones too, oldest first
 */
record TokensView(List<TokenView> tokens) {
}
