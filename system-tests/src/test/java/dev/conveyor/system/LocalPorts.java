package dev.conveyor.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Where the launcher is, and ports nobody else on this machine is using, for tests that start real processes. */
final class LocalPorts {

    /** Above the well-known and most registered service ports. */
    private static final int LOWEST = 15000;

    private LocalPorts() {
    }

    /** The repository's root: the nearest folder up from here that holds the launcher. */
    static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("conveyor")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no ./conveyor above " + Path.of("").toAbsolutePath());
    }

    /**
     * Finds ranges of consecutive free ports, one per size given, and returns their first ports.
     * All are held until all are found, so the ranges don't overlap.
     */
    static int[] freePortRanges(int... sizes) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] bases = new int[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                bases[i] = holdFreeRange(sizes[i], held);
            }
            return bases;
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    /**
     * Tries random ranges below the ephemeral ports. A port from the ephemeral range may be taken
     * by any outgoing connection while its server is down (clients reconnecting to a stopped
     * broker even connect to themselves when the port they are given is the one they dial), so a
     * broker restarted on it could not bind it again.
     */
    private static int holdFreeRange(int size, List<ServerSocket> held) throws IOException {
        int ceiling = firstEphemeralPort() - size;
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(LOWEST, ceiling);
            List<ServerSocket> range = new ArrayList<>();
            try {
                for (int i = 0; i < size; i++) {
                    range.add(new ServerSocket(base + i));
                }
                held.addAll(range);
                return base;
            } catch (IOException taken) {
                for (ServerSocket socket : range) {
                    socket.close();
                }
            }
        }
        throw new IllegalStateException("found no " + size + " consecutive free ports between " + LOWEST + " and "
                + ceiling);
    }

    private static int firstEphemeralPort() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip();
            return Math.max(LOWEST + 1000, Integer.parseInt(range.split("\\s+")[0]));
        } catch (IOException | RuntimeException unknown) {
            return 32768; // Linux's default; other systems start theirs higher
        }
    }
}
