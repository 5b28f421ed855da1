package dev.conveyor.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The machine and code a suite ran on, written beside its figures.
 *
 * @param memoryMiB the machine's RAM ({@code MemTotal} of {@code /proc/meminfo})
 * @param gitHead the commit checked out, with {@code +dirty} if the work tree has changes
 */
record Machine(int cores, String cpu, long memoryMiB, String kernel, String java, String gitHead, Instant time) {

    static Machine describe(Path projectRoot) {
        return new Machine(Runtime.getRuntime().availableProcessors(), procLine("/proc/cpuinfo", "model name"),
                memoryKib() / 1024, System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.vendor") + " " + Runtime.version(), gitHead(projectRoot), Instant.now());
    }

    String oneLine() {
        return cores + " cores (" + cpu + "), " + memoryMiB / 1024 + " GiB, " + kernel + ", Java " + java + ", "
                + gitHead + ", " + time;
    }

    private static long memoryKib() {
        String line = procLine("/proc/meminfo", "MemTotal");
        return line.isEmpty() ? 0 : Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private static String procLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static String gitHead(Path root) {
        try {
            String head = git(root, "rev-parse", "--short=12", "HEAD");
            return git(root, "status", "--porcelain", "--untracked-files=no").isEmpty() ? head : head + "+dirty";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String git(Path root, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes()).strip();
        return git.waitFor() == 0 ? out : "unknown";
    }
}
