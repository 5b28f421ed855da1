package dev.conveyor.common.types;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code http}: requests a URL and checks the status it answers with.
 *
 * @param url the absolute {@code http} or {@code https} URL to request
 * @param expectStatus the status the answer must have (default 200)
 */
public record HttpParams(URI url, Integer expectStatus) implements JobParams {

    public HttpParams {
        expectStatus = expectStatus == null ? 200 : expectStatus;
    }

    @Override
    public List<Violation> validate() {
        List<Violation> violations = new ArrayList<>();
        if (url == null) {
            violations.add(new Violation("/url", "is required"));
        } else if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            violations.add(new Violation("/url", "must be an absolute http or https URL with a host"));
        }
        if (expectStatus < 100 || expectStatus > 599) {
            violations.add(new Violation("/expectStatus", "must be an HTTP status between 100 and 599"));
        }
        return violations;
    }
}
