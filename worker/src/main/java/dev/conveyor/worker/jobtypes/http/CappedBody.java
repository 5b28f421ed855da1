package dev.conveyor.worker.jobtypes.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body of an answer as far as it was read: at most a given number of bytes, so that a huge or
 * endless body costs a check neither memory nor time. Reading stops at the cap and drops the
 * connection.
 *
 * @param bytes the bytes read, at most the cap
 * @param cut whether the body went on past the cap (the rest was not read)
 */
record CappedBody(byte[] bytes, boolean cut) {

    /** A handler that reads at most {@code cap} bytes of any answer's body. */
    static HttpResponse.BodyHandler<CappedBody> upTo(int cap) {
        return info -> new Reader(cap);
    }

    /** The first {@code length} bytes, or all there are. */
    byte[] first(int length) {
        return bytes.length <= length ? bytes : Arrays.copyOf(bytes, length);
    }

    /** Asks for one list of buffers at a time, so that nothing past the cap is buffered for it. */
    private static final class Reader implements HttpResponse.BodySubscriber<CappedBody> {

        private final int cap;
        private final ByteArrayOutputStream read = new ByteArrayOutputStream();
        private final CompletableFuture<CappedBody> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Reader(int cap) {
            this.cap = cap;
        }

        @Override
        public CompletionStage<CappedBody> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int room = cap - read.size();
                boolean over = buffer.remaining() > room;
                byte[] chunk = new byte[over ? room : buffer.remaining()];
                buffer.get(chunk);
                read.writeBytes(chunk);
                if (over) {
                    subscription.cancel();
                    body.complete(new CappedBody(read.toByteArray(), true));
                    return;
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(new CappedBody(read.toByteArray(), false));
        }
    }
}
