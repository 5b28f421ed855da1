package dev.conveyor.gateway.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The security headers of every answer. Spring Security's defaults stay ({@code
 * X-Content-Type-Options: nosniff}, {@code Cache-Control: no-store}, {@code
 * Strict-Transport-Security} over HTTPS); to them this adds {@code X-Frame-Options: DENY}, {@code
 * Referrer-Policy: no-referrer} and a {@code Content-Security-Policy} per kind of answer: JSON may
 * load nothing at all; the API docs (Swagger UI) load their own scripts and styles; the HTML report
 * runs its one inline script and style, allowed by their hashes, and nothing else.
 */
final class ApiHeaders {

    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    static final String DOCS_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
            + " object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static final String REPORT_TEMPLATE = "/reports/profile-report.html";
    private static final Pattern INLINE = Pattern.compile("<(script|style)>(.*?)</\\1>", Pattern.DOTALL);

    private ApiHeaders() {
    }

    static void configure(HeadersConfigurer<HttpSecurity> headers) {
        RequestMatcher docs = new OrRequestMatcher(PathPatternRequestMatcher.pathPattern("/docs/**"),
                PathPatternRequestMatcher.pathPattern("/swagger-ui/**"));
        RequestMatcher report = PathPatternRequestMatcher.pathPattern("/api/v1/jobs/*/report");
        headers
                .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny)
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(docs,
                        new ContentSecurityPolicyHeaderWriter(DOCS_POLICY)))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(report,
                        new ContentSecurityPolicyHeaderWriter(reportPolicy())))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                        new NegatedRequestMatcher(new OrRequestMatcher(docs, report)),
                        new ContentSecurityPolicyHeaderWriter(API_POLICY)));
    }

    /** The API's policy, but for the report template's inline script and style, by their SHA-256. */
    static String reportPolicy() {
        String template;
        try (InputStream in = ApiHeaders.class.getResourceAsStream(REPORT_TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(REPORT_TEMPLATE + " is missing from the gateway");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher inline = INLINE.matcher(template);
        StringBuilder scripts = new StringBuilder();
        StringBuilder styles = new StringBuilder();
        while (inline.find()) {
            (inline.group(1).equals("script") ? scripts : styles).append(" '").append(sha256(inline.group(2))).append("'");
        }
        return "default-src 'none'; script-src" + orNone(scripts) + "; style-src" + orNone(styles)
                + "; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    }

    private static String orNone(StringBuilder sources) {
        return sources.isEmpty() ? " 'none'" : sources.toString();
    }

    static String sha256(String inline) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
