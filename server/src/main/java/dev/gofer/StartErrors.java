package dev.gofer;

import dev.gofer.config.ServerSettings;
import dev.gofer.config.Setting;
import java.net.BindException;

/**
 * Why the server did not start, in words that name the thing and the setting that fixes it: a taken port, a
 * database that will not open. Each maps a low-level failure (as Java or a driver reports it) to one sentence.
 */
final class StartErrors {
    private StartErrors() {
    }

    /** A failure to listen on {@code port} (setting {@code setting}), explained when the port is taken. */
    static Throwable listen(Throwable e, Setting setting, int port, String what) {
        if (!(root(e) instanceof BindException)) {
            return e;
        }
        return new IllegalStateException("port " + port + " is in use by another program: it is " + what + " (setting "
                + setting.key() + ": " + setting.howToSet() + "); choose another port, or 0 to pick any free one", e);
    }

    /** A database that would not open or migrate. Never shows the store's password. */
    static Throwable database(Throwable e, ServerSettings settings) {
        if (e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().contains("newer Gofer")) {
            return e; // the migration's own message says what to do
        }
        String where = settings.usesPostgres() ? "PostgreSQL at " + settings.store().replaceAll("//[^@/]*@", "//***@")
                : "SQLite database " + settings.databaseFile();
        String cause = root(e).getMessage() == null ? root(e).getClass().getSimpleName() : root(e).getMessage();
        String fix = settings.usesPostgres()
                ? "check that PostgreSQL runs, the address, user and password, or choose another with setting store (" + Setting.STORE.howToSet() + ")"
                : "make the data dir writable by this user, or choose another with setting data_dir (" + Setting.DATA_DIR.howToSet()
                        + ") or store (" + Setting.STORE.howToSet() + ")";
        return new IllegalStateException("cannot open the " + where + " (" + cause + "); " + fix, e);
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
