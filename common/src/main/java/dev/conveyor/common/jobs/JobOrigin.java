package dev.conveyor.common.jobs;

/**
 * How a job came to be, beyond who submitted it.
 *
 * @param templateId the template the job was launched from, or {@code null}
 * @param templateVersion the version of that template the job ran, or {@code null}
 * @param relaunchOf the job this one runs again, or {@code null}
 * @param requestDigest the SHA-256 (hex) of the request that made the job when it carried an
 *     {@code Idempotency-Key}, so that a retry of that key with another body is told apart; or
 *     {@code null}. A secret value of a template launch enters it as its keyed fingerprint
 *     ({@code SecretBox#fingerprint}), never as clear text, so the digest confirms no guess of it
 */
public record JobOrigin(String templateId, Long templateVersion, String relaunchOf, String requestDigest) {

    /** A job submitted directly, without an idempotency key. */
    public static final JobOrigin DIRECT = new JobOrigin(null, null, null, null);

    public JobOrigin withRequestDigest(String digest) {
        return new JobOrigin(templateId, templateVersion, relaunchOf, digest);
    }

    public JobOrigin withRelaunchOf(String jobId) {
        return new JobOrigin(templateId, templateVersion, jobId, requestDigest);
    }
}
