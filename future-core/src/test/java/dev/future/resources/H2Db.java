package dev.future.resources;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Db} over a private, in-memory H2 database. Each call opens its own connection (cheap for an
 * in-memory database, and safe from any thread); {@code DB_CLOSE_DELAY=-1} keeps the data between
 * connections until {@link #close()} shuts the database down, which makes {@code close} a natural
 * release hook.
 */
public final class H2Db implements Db, AutoCloseable {

    private final String url = "jdbc:h2:mem:future-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public Rows query(Query q) {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement s = prepare(c, q);
                ResultSet rs = s.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return new Rows(rows);
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + q.sql() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int execute(Query q) {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement s = prepare(c, q)) {
            s.execute();
            return Math.max(0, s.getUpdateCount());
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed: " + q.sql() + ": " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection c, Query q) throws SQLException {
        PreparedStatement s = c.prepareStatement(q.sql());
        for (int i = 0; i < q.params().size(); i++) {
            s.setObject(i + 1, q.params().get(i));
        }
        return s;
    }

    /** Whether {@link #close()} has run. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Shuts the database down (its data is gone); idempotent. */
    @Override
    public void close() throws SQLException {
        if (closed.compareAndSet(false, true)) {
            try (Connection c = DriverManager.getConnection(url); PreparedStatement s = c.prepareStatement("SHUTDOWN")) {
                s.execute();
            }
        }
    }
}
