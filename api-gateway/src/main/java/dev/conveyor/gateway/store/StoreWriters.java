package dev.conveyor.gateway.store;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lets one writer of the store at a time into its write transaction.
 *
 * <p>A writer reads the rows its snapshots may replace, decides by their versions, then writes:
 * two deciding on the same jobs at once could insert a job twice, or put an older snapshot over a
 * newer one. Within one gateway a lock keeps its own submits and its projection apart. A
 * PostgreSQL store may be shared by many gateways, each projecting every snapshot into it, so
 * there the transaction also takes a PostgreSQL advisory lock, which the writers of every gateway
 * queue on and which the database lets go of when the transaction ends, whatever becomes of the
 * gateway that held it.
 */
final class StoreWriters {

    /** The advisory lock's key, the same in every gateway: "Conveyor" in ASCII. */
    static final long SHARED_LOCK_KEY = 0x436f6e7665796f72L;

    private final Lock local = new ReentrantLock();
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final boolean shared;

    StoreWriters(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.shared = isPostgres(jdbc);
    }

    private static boolean isPostgres(JdbcTemplate jdbc) {
        String product = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
        return "PostgreSQL".equals(product);
    }

    /** Whether writers of other gateways may share this store, and so take the advisory lock too. */
    boolean isShared() {
        return shared;
    }

    /** Runs {@code work} in a write transaction that no other writer of this store runs beside. */
    <T> T inWriteTransaction(Supplier<T> work) {
        local.lock();
        try {
            return transactions.execute(tx -> {
                if (shared) {
                    jdbc.query("SELECT pg_advisory_xact_lock(?)", (RowCallbackHandler) row -> { }, SHARED_LOCK_KEY);
                }
                return work.get();
            });
        } finally {
            local.unlock();
        }
    }
}
