package dev.future.resources;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * An example resource: SQL over a database owned by the main thread. Every argument and result is
 * validated by the proxy an actor gets, so the implementation never sees a blank query or more than ten
 * parameters, and an actor never sees a result without rows.
 */
public interface Db {

    /** A statement and its positional parameters ({@code ?}). */
    record Query(@NotBlank String sql, @NotNull @Size(max = 10) List<Object> params) {
        public Query(String sql) {
            this(sql, List.of());
        }

        public static Query of(String sql, Object... params) {
            return new Query(sql, List.of(params));
        }
    }

    /** Result rows, each a map from column label to value, in column order. */
    record Rows(@NotNull List<Map<String, Object>> rows) {}

    /** Runs a SELECT. */
    @Valid @NotNull Rows query(@Valid @NotNull Query q);

    /** Runs DDL or DML; returns the update count. */
    @PositiveOrZero int execute(@Valid @NotNull Query q);
}
