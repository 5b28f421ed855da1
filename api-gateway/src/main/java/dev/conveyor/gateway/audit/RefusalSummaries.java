package dev.conveyor.gateway.audit;

import dev.conveyor.common.audit.AuditEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sums repeated refusals so that a caller who is refused again and again, at up to its rate
 * limit, cannot flood the audit trail. A refusal is the same as another when the same caller (name
 * and token) was refused the same action, by the same method, with the same status: the path is
 * left out, for the caller chooses it. The first refusal of a window is recorded whole at once; the
 * repeats within {@code window} of it are counted, and when the window ends they become one entry
 * with their {@code count}, the path of the last of them and the time the window ended. Thread-safe.
 */
final class RefusalSummaries {

    private record Key(String actor, String tokenId, String method, String action, int status) {

        static Key of(AuditEntry entry) {
            return new Key(entry.actor(), entry.tokenId(), entry.method(), entry.action(), entry.status());
        }
    }

    /** The refusals of one key since its first was recorded. */
    private static final class Window {

        private final Instant start;
        private AuditEntry last;
        private int repeats;

        Window(Instant start) {
            this.start = start;
        }
    }

    private final Duration window;
    private final Map<Key, Window> open = new HashMap<>();
    /** Summaries of windows that ended when a new refusal of their key came, before due() ran. */
    private final List<AuditEntry> pending = new ArrayList<>();

    /** @param window how long after a recorded refusal its repeats are summed into one entry */
    RefusalSummaries(Duration window) {
        this.window = window;
    }

    /** Whether a refusal is to be recorded now: the first of its window; otherwise it is counted. */
    synchronized boolean admit(AuditEntry refusal) {
        Key key = Key.of(refusal);
        Window current = open.get(key);
        if (current == null || !refusal.at().isBefore(current.start.plus(window))) {
            // A window that ended with repeats is summed by due(), which may not have run yet.
            if (current != null && current.repeats > 0) {
                pending.add(summary(current, current.start.plus(window)));
            }
            open.put(key, new Window(refusal.at()));
            return true;
        }
        current.repeats++;
        current.last = refusal;
        return false;
    }

    /** The summaries of the windows that ended by {@code now}, each once; those windows are closed. */
    synchronized List<AuditEntry> due(Instant now) {
        List<AuditEntry> due = new ArrayList<>(pending);
        pending.clear();
        for (Iterator<Window> it = open.values().iterator(); it.hasNext(); ) {
            Window w = it.next();
            Instant end = w.start.plus(window);
            if (!now.isBefore(end)) {
                if (w.repeats > 0) {
                    due.add(summary(w, end));
                }
                it.remove();
            }
        }
        return due;
    }

    /** Every summary still open, as if their windows had ended: what a stopping gateway writes. */
    synchronized List<AuditEntry> all() {
        List<AuditEntry> all = new ArrayList<>(pending);
        pending.clear();
        open.values().stream().filter(w -> w.repeats > 0).forEach(w -> all.add(summary(w, w.last.at())));
        open.clear();
        return all;
    }

    private static AuditEntry summary(Window w, Instant end) {
        AuditEntry last = w.last;
        return new AuditEntry(UUID.randomUUID().toString(), end, last.actor(), last.role(), last.tokenId(),
                last.action(), last.method(), last.path(), last.target(), last.created(), last.status(),
                last.remoteAddress(), w.repeats);
    }
}
