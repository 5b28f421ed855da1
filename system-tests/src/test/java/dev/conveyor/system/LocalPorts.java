package dev.conveyor.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the launcher is, and ports nobody else on this machine is using, for tests that start real processes. */
final class LocalPorts {

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

    private static int holdFreeRange(int size, List<ServerSocket> held) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            List<ServerSocket> range = new ArrayList<>();
            range.add(new ServerSocket(0));
            int base = range.getFirst().getLocalPort();
            try {
                for (int i = 1; i < size; i++) {
                    range.add(new ServerSocket(base + i));
                }
                held.addAll(range);
                return base;
            } catch (IOException | IllegalArgumentException taken) {
                for (ServerSocket socket : range) {
                    socket.close();
                }
            }
        }
        throw new IllegalStateException("found no " + size + " consecutive free ports");
    }
}
