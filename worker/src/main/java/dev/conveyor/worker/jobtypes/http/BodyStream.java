package dev.conveyor.worker.jobtypes.http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An answer's body as the HTTP client delivers it, handed to the check's own thread one list of
 * buffers at a time. The client gets to deliver the next list only once the check has taken the
 * last and asks for {@link #more}, so nothing is buffered ahead of what the check has made room
 * for but the one list in hand, and the check's thread does all the waiting, within its deadline.
 */
final class BodyStream implements HttpResponse.BodySubscriber<BodyStream> {

    private static final Object END = new Object();

    /** At most one list of buffers, then the end or a failure. */
    private final BlockingQueue<Object> delivered = new LinkedBlockingQueue<>();
    private final long declaredLength;
    private Flow.Subscription subscription;
    private boolean canceled;

    private BodyStream(long declaredLength) {
        this.declaredLength = declaredLength;
    }

    /** A handler whose answers' bodies are read by the check's thread. */
    static HttpResponse.BodyHandler<BodyStream> handler() {
        return info -> new BodyStream(info.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    /** The length the answer's {@code Content-Length} declares; -1 without one. */
    long declaredLength() {
        return declaredLength;
    }

    /**
     * The next buffers of the body, waiting for them until {@code deadline}; {@code null} at its
     * end.
     *
     * @param deadline a {@link System#nanoTime}
     * @throws IOException when the body could not be read to its end
     * @throws TimeoutException when nothing came by the deadline
     */
    @SuppressWarnings("unchecked")
    List<ByteBuffer> next(long deadline) throws IOException, TimeoutException, InterruptedException {
        Object next = delivered.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (next == null) {
            throw new TimeoutException();
        }
        if (next == END) {
            return null;
        }
        if (next instanceof Throwable failure) {
            throw failure instanceof IOException io ? io : new IOException(failure);
        }
        return (List<ByteBuffer>) next;
    }

    /** Lets the client deliver the next buffers, once those taken are copied or dropped. */
    synchronized void more() {
        if (!canceled) {
            subscription.request(1);
        }
    }

    /** Stops reading, and drops the connection; the body is not read further. */
    synchronized void cancel() {
        canceled = true;
        if (subscription != null) {
            subscription.cancel();
        }
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (canceled) {
            subscription.cancel();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        delivered.add(buffers);
    }

    @Override
    public void onError(Throwable failure) {
        delivered.add(failure);
    }

    @Override
    public void onComplete() {
        delivered.add(END);
    }

    @Override
    public CompletionStage<BodyStream> getBody() {
        return CompletableFuture.completedFuture(this);
    }
}
