package dev.conveyor.worker.jobtypes.http;

import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.targets.JobTargets;
import dev.conveyor.common.types.HttpParams;
import dev.conveyor.worker.execution.Check;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.targets.TargetGuard;
import dev.conveyor.worker.targets.TargetRefusedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code http}: sends one request and checks the answer's status, the job's assertions on its
 * headers and body, and its latency. It passes when all hold and fails listing each that does
 * not; no answer (refused, reset, a TLS failure, nothing within the job's timeout) is an error.
 * What the result shows of the answer is {@link HttpEvidence}'s.
 *
 * <p>Another status than expected is a finding, {@code check-failed}, which a retry policy does
 * not retry unless its {@code retryOn} names it: a 503 used to be retried as transient, but a
 * check reports the target as it found it. Only an error ({@code check-error}) is transient.
 *
 * <p>Every host the check sends to, the job's own and each redirect's, is resolved once and each of
 * its addresses checked against the queue's target scope before anything is sent; the request goes
 * to the address checked ({@link HttpClients}). Redirects are followed here, one hop at a time, as
 * the JDK's client would follow them (at most {@value #MAX_REDIRECTS}, never from https to http),
 * and the job's credentials and body go to another origin only if it trusts its redirects
 * ({@link RedirectPolicy}).
 *
 * <p>A body is read up to {@value #MAX_BODY} bytes, and kept only when an assertion reads it, in
 * room reserved in the worker's {@link AnswerBudget} first; a check that gets no room in time is
 * an error naming the budget. The time spent waiting for room is not latency.
 */
@Component
class HttpCheck implements Check<HttpParams> {

    /** Beyond this a body is not read: plenty for a health or status page, and bounded memory per check. */
    static final int MAX_BODY = 1024 * 1024;
    /** {@link #MAX_BODY} for people. */
    static final String MAX_BODY_TEXT = "1 MiB";
    /** How many redirects a check follows at most, as the JDK's client does by default. */
    static final int MAX_REDIRECTS = 5;

    private final TargetGuard guard;
    private final AnswerBudget budget;
    private final HttpClients clients;
    private final LongSupplier nanoTime;

    /**
     * @param guard what resolves each host and keeps the check within its queue's scope
     * @param budget the memory that the answers kept by this worker's checks share
     */
    @Autowired
    HttpCheck(TargetGuard guard, AnswerBudget budget) {
        this(guard, budget, new HttpClients(), System::nanoTime);
    }

    /**
     * @param guard what resolves each host and keeps the check within its queue's scope
     * @param budget the memory that the answers kept by this worker's checks share
     * @param clients what sends the requests
     * @param nanoTime the monotonic clock latencies are measured on
     */
    HttpCheck(TargetGuard guard, AnswerBudget budget, HttpClients clients, LongSupplier nanoTime) {
        this.guard = guard;
        this.budget = budget;
        this.clients = clients;
        this.nanoTime = nanoTime;
    }

    @Override
    public String type() {
        return "http";
    }

    @Override
    public Class<HttpParams> paramsType() {
        return HttpParams.class;
    }

    @Override
    public CheckResult run(HttpParams params, JobContext context) throws InterruptedException {
        long started = nanoTime.getAsLong();
        try (AnswerBudget.Lease lease = budget.lease()) {
            return run(params, context, started, lease);
        } catch (AnswerBudgetException e) {
            return CheckResult.error(params.method() + " " + params.url() + " could not be checked: " + e.getMessage(),
                    null, since(started));
        }
    }

    private CheckResult run(HttpParams params, JobContext context, long started, AnswerBudget.Lease lease)
            throws InterruptedException, AnswerBudgetException {
        String request = params.method() + " " + params.url();
        boolean keep = AnswerJudge.readsBody(params);
        RedirectPolicy redirects = new RedirectPolicy(params.trustRedirects(), context.redaction());
        RedirectPolicy.Hop hop = new RedirectPolicy.Hop(params.url(), params.method().name(), params.headers(),
                params.body());
        HttpClients.Answered response;
        for (int redirected = 0; ; redirected++) {
            Duration left = context.timeout().minus(since(started));
            try {
                if (left.isNegative() || left.isZero()) {
                    throw new TimeoutException();
                }
                InetAddress address = checkedAddress(params.url(), hop.url(), context);
                response = clients.send(requestOf(hop, left), address, params.verifyTls(), left, MAX_BODY,
                        keep ? lease : null);
            } catch (HttpConnectTimeoutException e) {
                return unreachable(hop.url(), e, started);
            } catch (HttpTimeoutException | TimeoutException e) {
                return CheckResult.error(request + " got no complete answer within " + context.timeout(), null,
                        since(started));
            } catch (IOException | IllegalArgumentException e) {
                return unreachable(hop.url(), e, started);
            }
            RedirectPolicy.Step step = params.followRedirects()
                    ? redirects.after(hop, response.status(), response.headers())
                    : RedirectPolicy.Step.CHECK_THIS;
            if (step.next() != null && redirected == MAX_REDIRECTS) {
                return CheckResult.error(request + " was redirected more than " + MAX_REDIRECTS + " times", null,
                        since(started));
            }
            if (step.log() != null) {
                context.log(step.log());
            }
            if (step.next() == null) {
                break;
            }
            // The body of an answer that is not the one checked is no longer needed.
            lease.release();
            hop = step.next();
        }
        HttpAnswer answer = new HttpAnswer(hop.url(), response.status(), response.headers(),
                keep ? response.body().text(HttpAnswer.charsetOf(response.headers())) : "", response.body().cut(),
                since(started).minusNanos(lease.waitedNanos()));
        String answered = request + " answered " + answer.status() + " in " + answer.latency().toMillis() + " ms";
        context.log(answered);
        AnswerJudge.Verdict verdict = new AnswerJudge(context.redaction()).judge(params, answer);
        String maskedBody = null;
        if (verdict.bodyFailed()) {
            // Its room was reserved with the body's (CappedBody.BUDGET_PER_BYTE).
            maskedBody = context.redacted(answer.body());
        }
        ObjectNode evidence = HttpEvidence.of(params, answer, maskedBody);
        if (verdict.holds()) {
            return CheckResult.passed(answered, evidence, since(started));
        }
        String message = request + ": " + String.join("; ", verdict.failures());
        // A service that is overloaded or down (429, 5xx) where another status was expected could
        // not be judged: that is an error, which a retry may get past, not a finding.
        return unavailable(answer.status()) && !params.expectStatus().accepts(answer.status())
                ? CheckResult.error(message, evidence, since(started))
                : CheckResult.failed(message, evidence, since(started));
    }

    private CheckResult unreachable(URI url, Exception failure, long started) {
        return CheckResult.error("could not reach " + url + ": " + JobError.describe(failure), null, since(started));
    }

    /**
     * The address to send to: the URL's host resolved once and every address checked against the
     * queue's scope. A redirect's target is checked as the job's own URL is, and its refusal says
     * where the redirect came from.
     *
     * @throws TargetRefusedException when the scope refuses the host or an address it resolves to
     */
    private InetAddress checkedAddress(URI asked, URI url, JobContext context) throws UnknownHostException {
        try {
            return guard.addresses(context.queue(), url.getHost(), JobTargets.port(url)).getFirst();
        } catch (TargetRefusedException e) {
            if (url.equals(asked)) {
                throw e;
            }
            throw new TargetRefusedException("a redirect of " + asked + " led to " + url + ": " + e.getMessage());
        }
    }

    /** @throws IllegalArgumentException for a request the HTTP client refuses, which validation should have caught */
    private static HttpRequest requestOf(RedirectPolicy.Hop hop, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hop.url()).timeout(timeout)
                .method(hop.method(), hop.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(hop.body(), StandardCharsets.UTF_8));
        hop.headers().forEach(request::header);
        return request.build();
    }

    private Duration since(long started) {
        return Duration.ofNanos(nanoTime.getAsLong() - started);
    }

    private static boolean unavailable(int status) {
        return status == 429 || status >= 500;
    }
}
