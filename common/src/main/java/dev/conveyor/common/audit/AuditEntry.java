package dev.conveyor.common.audit;

import java.time.Instant;

/**
 * One state-changing call to the gateway's API, as the audit trail keeps it: who, when, what and
 * from where. Never a request body, so never a secret or a token.
 *
 * @param id the entry's own id
 * @param at when the gateway answered the call
 * @param actor who called: the token's name, or {@code admin} for the configured admin token
 * @param role the caller's role
 * @param tokenId the id of the token that was used; absent for the admin token
 * @param action what was asked, such as {@code job.submit} or {@code token.revoke}
 * @param method the HTTP method
 * @param path the path called, without its query
 * @param target the id of what the call acted on (a job, template, profile or token), when the
 *     path names one
 * @param created the id of what the call made (a job, template or token), when it made one
 * @param status the HTTP status it was answered with: 2xx done, 4xx refused (403: the role may not)
 * @param remoteAddress where the call came from: the client's address, or what a trusted proxy
 *     said it was ({@code server.forward-headers-strategy})
 * @param count how many refusals this entry stands for, when it sums the repeats of a refusal:
 *     the same caller refused the same action with the same status within a window, after the
 *     first of them, which has its own entry; absent for an entry of one call
 */
public record AuditEntry(String id, Instant at, String actor, String role, String tokenId, String action,
        String method, String path, String target, String created, int status, String remoteAddress, Integer count) {

    /** The entry of one call. */
    public AuditEntry(String id, Instant at, String actor, String role, String tokenId, String action, String method,
            String path, String target, String created, int status, String remoteAddress) {
        this(id, at, actor, role, tokenId, action, method, path, target, created, status, remoteAddress, null);
    }
}
