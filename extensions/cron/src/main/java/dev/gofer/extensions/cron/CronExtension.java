package dev.gofer.extensions.cron;

import dev.gofer.extension.sdk.Documentation;
import dev.gofer.extension.sdk.Documentation.Param;
import dev.gofer.extension.sdk.ExtensionContext;
import dev.gofer.extension.sdk.ExtensionException;
import dev.gofer.extension.sdk.ExtensionRunner;
import dev.gofer.extension.sdk.GoferExtension;
import dev.gofer.extension.sdk.Subscription;
import dev.gofer.extension.sdk.SubscriptionKey;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Starts a run of each subscribed pipeline whenever its cron expression matches, in its time zone. */
public final class CronExtension implements GoferExtension {
    private final ExtensionContext context;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "cron-timer");
        t.setDaemon(true);
        return t;
    });
    /** Each subscription has one pending timer; a subscription replaced or removed gets a new entry or none. */
    private final Map<SubscriptionKey, Schedule> active = new ConcurrentHashMap<>();

    private record Schedule(CronExpression cron, ZoneId zone, ScheduledFuture<?>[] timer) {
    }

    public CronExtension(ExtensionContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        ExtensionRunner.run(CronExtension::new);
    }

    @Override
    public Documentation documentation() {
        return new Documentation("""
                Starts a run whenever a cron expression matches: 5 fields (minute hour day-of-month month day-of-week)
                with `*`, lists, ranges, steps and names (JAN, MON), or @yearly, @monthly, @weekly, @daily, @hourly.
                Runs carry GOFER_EXTENSION_CRON_EXPRESSION and GOFER_EXTENSION_CRON_SCHEDULED (the matched minute).""",
                List.of(),
                List.of(Param.required("expression", "when to start runs, e.g. `0 3 * * MON-FRI` or `@hourly`"),
                        Param.optional("time_zone", "IANA zone the expression is read in, e.g. Europe/Berlin (default UTC)")));
    }

    @Override
    public void subscribe(Subscription subscription) {
        CronExpression cron = CronExpression.parse("expression", subscription.settings().required("expression"));
        ZoneId zone;
        String zoneName = subscription.settings().optional("time_zone").orElse("UTC");
        try {
            zone = ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw ExtensionException.invalid("setting 'time_zone': '" + zoneName + "' is not a time zone; use an IANA name like Europe/Berlin or UTC");
        }
        Schedule schedule = new Schedule(cron, zone, new ScheduledFuture<?>[1]);
        Schedule old = active.put(subscription.key(), schedule);
        if (old != null) {
            cancel(old);
        }
        arm(subscription.key(), schedule);
        context.log("subscribed " + subscription.key() + " at '" + cron + "' (" + zone + ")");
    }

    private void arm(SubscriptionKey key, Schedule schedule) {
        ZonedDateTime now = ZonedDateTime.now(schedule.zone());
        schedule.cron().next(now).ifPresent(at -> {
            long delay = Math.max(0, Duration.between(now, at).toMillis());
            synchronized (schedule) {
                schedule.timer()[0] = timers.schedule(() -> fire(key, schedule, at), delay, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void fire(SubscriptionKey key, Schedule schedule, ZonedDateTime at) {
        if (active.get(key) != schedule) {
            return; // replaced or unsubscribed meanwhile
        }
        try {
            long run = context.startRun(key, Map.of("GOFER_EXTENSION_CRON_EXPRESSION", schedule.cron().toString(),
                    "GOFER_EXTENSION_CRON_SCHEDULED", at.toOffsetDateTime().toString()));
            context.log("started run " + run + " of " + key + " for " + at);
        } catch (RuntimeException e) {
            context.log("could not start a run of " + key + ": " + e.getMessage());
        }
        arm(key, schedule);
    }

    private static void cancel(Schedule schedule) {
        synchronized (schedule) {
            if (schedule.timer()[0] != null) {
                schedule.timer()[0].cancel(false);
            }
        }
    }

    @Override
    public void unsubscribe(SubscriptionKey key) {
        Schedule old = active.remove(key);
        if (old != null) {
            cancel(old);
            context.log("unsubscribed " + key);
        }
    }

    @Override
    public void shutdown() {
        timers.shutdownNow();
    }
}
