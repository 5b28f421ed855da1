package dev.conveyor.worker.jobtypes.http;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Sends the {@code http} check's requests, each to an address the check resolved and checked
 * against its queue's target scope, never to one the client would resolve again (which a DNS
 * answering differently the second time, rebinding, could point elsewhere). The JDK's client has
 * no hook for its name resolution, so the request goes to a URL whose host is that address, and
 * carries what the URL's host would have made of it:
 * <ul>
 *   <li>{@code Host} is the URL's host (and port), a header the JDK lets a request set only when
 *       the JVM allows it ({@code jdk.httpclient.allowRestrictedHeaders=host}; set before the
 *       first HTTP client is made, see {@link HostHeader});
 *   <li>over https, the TLS server name (SNI) is the URL's host, set on a client made for that
 *       request, and the JDK's trust manager checks the certificate against that name (it checks
 *       the SNI name first, then the address connected to; a certificate for that address, which
 *       the target resolved to, passes too);
 *   <li>HTTP/1.1 only: with HTTP/2 the JDK would send the address as {@code :authority}.
 * </ul>
 * Redirects are not followed here: the check follows them one hop at a time, checking each.
 *
 * <p>A shared client sends plain http and https to a literal address, verifying TLS as the JDK
 * does. A request to a named https host, or one that asks not to verify TLS, gets a client of its
 * own, built for it and shut down after it, so that its server name, or trusting any certificate,
 * never reaches another request.
 */
final class HttpClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    static {
        HostHeader.allow();
    }

    private final SSLContext verifying;
    private final HttpClient shared;

    HttpClients() {
        this(defaultContext());
    }

    /** @param verifying what https requests that verify TLS trust: the JVM's defaults but in tests */
    HttpClients(SSLContext verifying) {
        requireHostHeader();
        this.verifying = verifying;
        this.shared = builder(verifying, null).build();
    }

    /**
     * An answer as read.
     *
     * @param status its status
     * @param headers its headers
     * @param body its body, up to the cap
     */
    record Answered(int status, HttpHeaders headers, CappedBody body) {
    }

    /**
     * Sends the request to {@code address} and reads the answer, its body up to {@code cap} bytes,
     * all within {@code timeout}.
     *
     * @param request the request, to the URL the job gave (or a redirect led to)
     * @param address the checked address of that URL's host
     * @param keptIn where the body is reserved room for, to be kept; {@code null} to read it and
     *     keep none of it
     * @throws TimeoutException when the answer was not read in time; the exchange is abandoned
     * @throws IOException when there was no answer: refused, reset, TLS failed, nonsense
     * @throws AnswerBudgetException when the body could not be kept for lack of room in time
     */
    Answered send(HttpRequest request, InetAddress address, boolean verifyTls, Duration timeout, int cap,
            AnswerBudget.Lease keptIn) throws IOException, InterruptedException, TimeoutException,
            AnswerBudgetException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI url = request.uri();
        String serverName = "https".equalsIgnoreCase(url.getScheme()) ? serverName(url.getHost()) : null;
        HttpClient client = !verifyTls ? trustingAnyCertificate(serverName)
                : serverName != null ? builder(verifying, serverName).build() : shared;
        HttpRequest pinned = HttpRequest.newBuilder(request, (name, value) -> true)
                .uri(at(url, address))
                .header("Host", hostHeader(url))
                .build();
        CompletableFuture<HttpResponse<BodyStream>> answer = client.sendAsync(pinned, BodyStream.handler());
        try {
            HttpResponse<BodyStream> response = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            // The body is read here, on the check's thread, so that the check waits for room in the
            // budget and for the body alike, within its deadline.
            return new Answered(response.statusCode(), response.headers(),
                    CappedBody.read(response.body(), cap, keptIn, deadline));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException failure) {
                throw failure;
            }
            throw new IllegalStateException("the HTTP client failed unexpectedly", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            answer.cancel(true);
            throw e;
        } finally {
            if (client != shared) {
                client.shutdownNow();
            }
        }
    }

    /** {@code url} with its host replaced by {@code address}, all else as it was. */
    static URI at(URI url, InetAddress address) {
        String literal = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        try {
            return new URI(url.getScheme() + "://" + literal + (url.getPort() == -1 ? "" : ":" + url.getPort())
                    + Objects.requireNonNullElse(url.getRawPath(), "")
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot address " + url + " at " + literal, e);
        }
    }

    /** What {@code Host} says for {@code url}: its host, and its port unless the scheme's own. */
    static String hostHeader(URI url) {
        int port = url.getPort();
        boolean schemesPort = port == -1 || port == ("https".equalsIgnoreCase(url.getScheme()) ? 443 : 80);
        return schemesPort ? url.getHost() : url.getHost() + ":" + port;
    }

    /** The name to send as SNI: the host, unless it is an address (RFC 6066) or no DNS name. */
    private static String serverName(String host) {
        if (host.startsWith("[") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            return null;
        }
        try {
            return new SNIHostName(host).getAsciiName();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static HttpClient.Builder builder(SSLContext context, String serverName) {
        SSLParameters parameters = context.getDefaultSSLParameters();
        if (serverName != null) {
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
        }
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).sslContext(context).sslParameters(parameters);
    }

    private static void requireHostHeader() {
        try {
            HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Host", "example.org");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("http checks connect to the address they checked and need to set the Host"
                    + " header, which this JVM forbids: start it with -D" + HostHeader.PROPERTY + "=host (the worker's"
                    + " main sets it before anything else runs, unless an HTTP client was used before)", e);
        }
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot set up TLS", e);
        }
    }

    /**
     * A client that accepts any server certificate and any host name: TLS still encrypts, but no
     * longer proves who answers, so anyone on the path can. For self-signed targets on a trusted
     * network only, which is why each such request gets a client of its own.
     */
    private static HttpClient trustingAnyCertificate(String serverName) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustingAnyCertificate()}, null);
            return builder(context, serverName).build();
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
