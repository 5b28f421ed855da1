package dev.conveyor.worker.jobtypes.http;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Sends the {@code http} check's requests. Two shared clients verify TLS as the JDK does, one
 * following redirects and one not. A request that asks not to verify TLS gets a client of its own,
 * built for it and shut down after it, so that trusting any certificate never reaches another
 * request.
 */
final class HttpClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient direct = builder(false).build();
    private final HttpClient redirecting = builder(true).build();

    /**
     * Sends the request and reads the answer, its body up to {@code cap} bytes, all within
     * {@code timeout}.
     *
     * @throws TimeoutException when the answer was not read in time; the exchange is abandoned
     * @throws IOException when there was no answer: refused, reset, TLS failed, nonsense
     */
    HttpResponse<CappedBody> send(HttpRequest request, boolean followRedirects, boolean verifyTls, Duration timeout,
            int cap) throws IOException, InterruptedException, TimeoutException {
        HttpClient client = verifyTls ? (followRedirects ? redirecting : direct) : trustingAnyCertificate(followRedirects);
        CompletableFuture<HttpResponse<CappedBody>> answer = client.sendAsync(request, CappedBody.upTo(cap));
        try {
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException failure) {
                throw failure;
            }
            throw new IllegalStateException("the HTTP client failed unexpectedly", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            answer.cancel(true);
            throw e;
        } finally {
            if (client != direct && client != redirecting) {
                client.shutdownNow();
            }
        }
    }

    private static HttpClient.Builder builder(boolean followRedirects) {
        // NORMAL never follows https to http: a redirect must not downgrade the check's transport.
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
    }

    /**
     * A client that accepts any server certificate and any host name: TLS still encrypts, but no
     * longer proves who answers, so anyone on the path can. For self-signed targets on a trusted
     * network only, which is why each such request gets a client of its own.
     */
    private static HttpClient trustingAnyCertificate(boolean followRedirects) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustingAnyCertificate()}, null);
            return builder(followRedirects).sslContext(context).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot set up TLS", e);
        }
    }

    /**
     * Trusts every certificate chain. Being an {@link X509ExtendedTrustManager}, it is also where
     * JSSE would have the host name checked, so no host name is checked either.
     */
    private static final class TrustingAnyCertificate extends X509ExtendedTrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
