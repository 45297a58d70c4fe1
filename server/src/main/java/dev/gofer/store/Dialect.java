package dev.gofer.store;

/** The SQL differences between the stores Gofer supports; statements are written once with {@code ?} placeholders. */
public enum Dialect {
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
}
