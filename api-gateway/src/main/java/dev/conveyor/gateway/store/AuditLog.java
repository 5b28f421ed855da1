package dev.conveyor.gateway.store;

import dev.conveyor.common.audit.AuditEntry;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail in the store, projected from the audit topic ({@link AuditProjection}): every
 * entry once, however often it is read again (a replay, or many gateways sharing the store), and
 * listed newest first with keyset pages.
 */
@Repository
public class AuditLog {

    private static final String COLUMNS = "id, at, actor, role, token_id, action, method, path, target, created,"
            + " status, remote_address, repeat_count";

    private final JdbcClient jdbc;
    private final StoreWriters writers;

    AuditLog(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = JdbcClient.create(jdbc);
        this.writers = new StoreWriters(jdbc, transactions);
    }

    /** Adds the entries not stored yet, and runs {@code alsoInTransaction} in the same transaction. */
    void addAll(List<AuditEntry> entries, Runnable alsoInTransaction) {
        writers.inWriteTransaction(() -> {
            Set<String> stored = new HashSet<>();
            if (!entries.isEmpty()) {
                stored.addAll(jdbc.sql("SELECT id FROM audit_entries WHERE id IN (:ids)")
                        .param("ids", entries.stream().map(AuditEntry::id).toList())
                        .query(String.class).list());
            }
            for (AuditEntry e : entries) {
                if (stored.add(e.id())) {
                    jdbc.sql("INSERT INTO audit_entries (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                            .params(e.id(), JobListSql.utc(e.at()), e.actor(), e.role(), e.tokenId(), e.action(),
                                    e.method(), e.path(), e.target(), e.created(), e.status(), e.remoteAddress(), e.count())
                            .update();
                }
            }
            alsoInTransaction.run();
            return null;
        });
    }

    /** @throws InvalidCursorException when the cursor is not one of this list's */
    public AuditPage list(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_entries WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (query.actor() != null) {
            sql.append(" AND actor = ?");
            params.add(query.actor());
        }
        if (query.action() != null) {
            sql.append(" AND action = ?");
            params.add(query.action());
        }
        if (query.since() != null) {
            sql.append(" AND at >= ?");
            params.add(JobListSql.utc(query.since()));
        }
        if (query.until() != null) {
            sql.append(" AND at < ?");
            params.add(JobListSql.utc(query.until()));
        }
        if (query.cursor() != null) {
            Position after = Position.decode(query);
            sql.append(" AND (at < ? OR (at = ? AND id < ?))");
            params.addAll(List.of(JobListSql.utc(after.at()), JobListSql.utc(after.at()), after.id()));
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ").append(query.limit() + 1);
        List<AuditEntry> rows = jdbc.sql(sql.toString()).params(params).query((row, n) -> entry(row)).list();
        if (rows.size() <= query.limit()) {
            return new AuditPage(rows, null);
        }
        List<AuditEntry> page = rows.subList(0, query.limit());
        AuditEntry last = page.getLast();
        return new AuditPage(List.copyOf(page), new Position(query.fingerprint(), last.at(), last.id()).encode());
    }

    private static AuditEntry entry(ResultSet row) throws SQLException {
        return new AuditEntry(row.getString("id"), row.getObject("at", OffsetDateTime.class).toInstant(),
                row.getString("actor"), row.getString("role"), row.getString("token_id"), row.getString("action"),
                row.getString("method"), row.getString("path"), row.getString("target"), row.getString("created"),
                row.getInt("status"), row.getString("remote_address"), row.getObject("repeat_count", Integer.class));
    }

    /** Where a page ended, for the filters it was listed with; opaque to clients. */
    private record Position(String fingerprint, Instant at, String id) {

        String encode() {
            String plain = fingerprint + "|" + at + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(AuditQuery query) {
            String[] parts;
            try {
                parts = new String(Base64.getUrlDecoder().decode(query.cursor()), StandardCharsets.UTF_8).split("\\|", 3);
            } catch (IllegalArgumentException e) {
                throw new InvalidCursorException(query.cursor());
            }
            if (parts.length != 3 || parts[2].isEmpty()) {
                throw new InvalidCursorException(query.cursor());
            }
            if (!parts[0].equals(query.fingerprint())) {
                throw new InvalidCursorException(query.cursor(), "it belongs to a list with other filters");
            }
            try {
                return new Position(parts[0], Instant.parse(parts[1]), parts[2]);
            } catch (DateTimeParseException e) {
                throw new InvalidCursorException(query.cursor());
            }
        }
    }
}
