package dev.gofer.extensions.interval;

import dev.gofer.extension.sdk.Documentation;
import dev.gofer.extension.sdk.Documentation.Param;
import dev.gofer.extension.sdk.ExtensionContext;
import dev.gofer.extension.sdk.ExtensionException;
import dev.gofer.extension.sdk.ExtensionRunner;
import dev.gofer.extension.sdk.GoferExtension;
import dev.gofer.extension.sdk.Settings;
import dev.gofer.extension.sdk.Subscription;
import dev.gofer.extension.sdk.SubscriptionKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Starts a run of each subscribed pipeline every {@code every}; one timer per subscription. */
public final class IntervalExtension implements GoferExtension {
    static final Duration DEFAULT_MIN = Duration.ofMinutes(1);

    private final ExtensionContext context;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "interval-timer");
        t.setDaemon(true);
        return t;
    });
    private final Map<SubscriptionKey, ScheduledFuture<?>> active = new ConcurrentHashMap<>();
    private volatile Duration minInterval = DEFAULT_MIN;

    public IntervalExtension(ExtensionContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        ExtensionRunner.run(IntervalExtension::new);
    }

    @Override
    public Documentation documentation() {
        return new Documentation("""
                Starts a run of the pipeline every `every`. Timers start from zero when the subscription is made
                (and again whenever the extension restarts). Runs carry GOFER_EXTENSION_INTERVAL_EVERY.""",
                List.of(Param.optional("min_interval", "smallest `every` a subscription may ask for (default 1m)")),
                List.of(Param.required("every", "how often to start a run: 90s, 5m, 1h30m or ISO-8601 like PT5M")));
    }

    @Override
    public void init(Settings installSettings) {
        Duration min = installSettings.duration("min_interval", DEFAULT_MIN);
        if (min.isZero() || min.isNegative()) {
            throw ExtensionException.invalid("setting 'min_interval' must be more than zero, got " + min);
        }
        minInterval = min;
    }

    @Override
    public void subscribe(Subscription subscription) {
        Duration every = subscription.settings().requiredDuration("every");
        if (every.compareTo(minInterval) < 0) {
            throw ExtensionException.invalid("setting 'every': " + human(every) + " is below this extension's minimum of "
                    + human(minInterval) + " (install setting min_interval)");
        }
        SubscriptionKey key = subscription.key();
        ScheduledFuture<?> timer = timers.scheduleAtFixedRate(() -> fire(key, every), every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
        ScheduledFuture<?> old = active.put(key, timer);
        if (old != null) {
            old.cancel(false);
        }
        context.log("subscribed " + key + " every " + human(every));
    }

    private void fire(SubscriptionKey key, Duration every) {
        try {
            long run = context.startRun(key, Map.of("GOFER_EXTENSION_INTERVAL_EVERY", human(every)));
            context.log("started run " + run + " of " + key);
        } catch (RuntimeException e) {
            // the timer keeps going: a disabled pipeline or a Gofer restart must not end the subscription
            context.log("could not start a run of " + key + ": " + e.getMessage());
        }
    }

    @Override
    public void unsubscribe(SubscriptionKey key) {
        ScheduledFuture<?> timer = active.remove(key);
        if (timer != null) {
            timer.cancel(false);
            context.log("unsubscribed " + key);
        }
    }

    @Override
    public void shutdown() {
        timers.shutdownNow();
    }

    static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
