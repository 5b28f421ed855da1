package dev.conveyor.worker.jobtypes;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server for tests, on an ephemeral UDP port of 127.0.0.1. It answers a question with the
 * records it was given for the name, none for a name it knows without records of the type asked,
 * and NXDOMAIN for a name it does not know. A {@linkplain #silent() silent} one never answers.
 * Just enough of RFC 1035: one question per query, answers whose name points back at it.
 */
final class TinyDnsServer implements AutoCloseable {

    private static final int A = 1;
    private static final int CNAME = 5;
    private static final int MX = 15;
    private static final int TXT = 16;
    private static final int AAAA = 28;
    private static final int NXDOMAIN = 3;

    private final DatagramSocket socket;
    private final boolean answers;
    private final Map<String, List<Rr>> records = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();

    private TinyDnsServer(boolean answers) throws IOException {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.answers = answers;
        Thread.ofVirtual().name("tiny-dns").start(this::serve);
    }

    /** A server that answers from the records it is given. */
    static TinyDnsServer answering() throws IOException {
        return new TinyDnsServer(true);
    }

    /** A server that reads every query and answers none. */
    static TinyDnsServer silent() throws IOException {
        return new TinyDnsServer(false);
    }

    TinyDnsServer a(String name, String address) throws IOException {
        return add(name, A, InetAddress.getByName(address).getAddress());
    }

    TinyDnsServer aaaa(String name, String address) throws IOException {
        return add(name, AAAA, InetAddress.getByName(address).getAddress());
    }

    TinyDnsServer cname(String name, String target) {
        return add(name, CNAME, encodedName(target));
    }

    TinyDnsServer mx(String name, int preference, String exchange) {
        byte[] exchangeName = encodedName(exchange);
        byte[] data = new byte[2 + exchangeName.length];
        data[0] = (byte) (preference >> 8);
        data[1] = (byte) preference;
        System.arraycopy(exchangeName, 0, data, 2, exchangeName.length);
        return add(name, MX, data);
    }

    /** A TXT record of one or more strings. */
    TinyDnsServer txt(String name, String... strings) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (String string : strings) {
            byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
            data.write(bytes.length);
            data.writeBytes(bytes);
        }
        return add(name, TXT, data.toByteArray());
    }

    int port() {
        return socket.getLocalPort();
    }

    /** How many queries have come in, answered or not. */
    int queries() {
        return queries.get();
    }

    @Override
    public void close() {
        socket.close();
    }

    private TinyDnsServer add(String name, int type, byte[] data) {
        records.computeIfAbsent(key(name), n -> new CopyOnWriteArrayList<>()).add(new Rr(type, data));
        return this;
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket query = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(query);
                queries.incrementAndGet();
                if (answers) {
                    byte[] response = respond(Arrays.copyOf(query.getData(), query.getLength()));
                    socket.send(new DatagramPacket(response, response.length, query.getSocketAddress()));
                }
            } catch (IOException e) {
                // Closed: the test is over.
                return;
            }
        }
    }

    private byte[] respond(byte[] query) throws IOException {
        // The question follows the 12-byte header: the name's labels up to an empty one, then type and class.
        List<String> labels = new ArrayList<>();
        int at = 12;
        while (query[at] != 0) {
            labels.add(new String(query, at + 1, query[at], StandardCharsets.US_ASCII));
            at += 1 + query[at];
        }
        int type = u16(query, at + 1);
        int questionEnd = at + 5;
        List<Rr> known = records.get(key(String.join(".", labels)));
        List<Rr> matching = known == null ? List.of() : known.stream().filter(rr -> rr.type() == type).toList();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(u16(query, 0));
        // A response (QR), recursion desired as asked (RD), available (RA), and the response code.
        out.writeShort(0x8000 | (u16(query, 2) & 0x0100) | 0x0080 | (known == null ? NXDOMAIN : 0));
        out.writeShort(1);
        out.writeShort(matching.size());
        out.writeShort(0);
        out.writeShort(0);
        out.write(query, 12, questionEnd - 12);
        for (Rr rr : matching) {
            out.writeShort(0xC00C);
            out.writeShort(rr.type());
            out.writeShort(1);
            out.writeInt(60);
            out.writeShort(rr.data().length);
            out.write(rr.data());
        }
        return bytes.toByteArray();
    }

    private static byte[] encodedName(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : name.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.write(0);
        return out.toByteArray();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
    }

    /**
     * One resource record's type and data.
     *
     * @param type its type code
     * @param data its encoded data
     */
    private record Rr(int type, byte[] data) {
    }
}
