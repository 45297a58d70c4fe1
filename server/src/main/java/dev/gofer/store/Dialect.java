package dev.gofer.store;

import java.util.Optional;
import java.util.function.Function;

/** The SQL differences between the stores Gofer supports; statements are written once with {@code ?} placeholders. */
public enum Dialect implements Function<String, String> {
    SQLITE {
        @Override
        String placeholders(String sql) {
            return sql;
        }
    },
    POSTGRES {
        /** PostgreSQL numbers its parameters: the n-th {@code ?} becomes {@code $n}. Our SQL has no '?' in literals. */
        @Override
        String placeholders(String sql) {
            StringBuilder out = new StringBuilder(sql.length() + 16);
            int n = 0;
            for (int i = 0; i < sql.length(); i++) {
                char c = sql.charAt(i);
                if (c == '?') {
                    out.append('$').append(++n);
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    };

    abstract String placeholders(String sql);

    @Override
    public String apply(String sql) {
        return placeholders(sql);
    }

    /**
     * Run first in a transaction that records events: it holds the others back until this one commits, so
     * event ids (taken in memory) follow commit order even with many connections. SQLite has one connection.
     */
    public Optional<String> serializeEventWriters() {
        return this == POSTGRES ? Optional.of("SELECT pg_advisory_xact_lock(7431)") : Optional.empty();
    }
}
